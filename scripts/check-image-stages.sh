#!/usr/bin/env bash
# The Dockerfile's two stages without a container engine (README "Containers"):
#   build:   `nest build` in a copy of the build context as .dockerignore filters it (node_modules borrowed
#            from this work tree: the same lockfile), so a file the build needs but the context lacks fails here;
#   runtime: `npm ci --omit=dev` into an empty folder, that dist/ beside it, then the service started from
#            there as a non-root user with a clean environment, twice:
#     1. as compose.yaml runs it: DATABASE_URL (a scratch database), LOCAL_CHAIN=off;
#     2. as `docker run` alone runs it: the embedded PostgreSQL and the local chain (Anvil) under DATA_DIR.
#   Each must pass the image's HEALTHCHECK (deploy/healthcheck.mjs /readyz) and exit 0 on SIGTERM.
# Needs `npm ci` done here and a PostgreSQL server (DATABASE_SERVER_URL, default below). About 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
server_url=${DATABASE_SERVER_URL:-postgres://postgres@127.0.0.1:5432/postgres}

context=$(mktemp -d /tmp/checkout-context.XXXXXX)
stage=$(mktemp -d /tmp/checkout-runtime.XXXXXX)
chmod 755 "$stage"
database="checkout_runtime_$(node -e "process.stdout.write(require('node:crypto').randomBytes(4).toString('hex'))")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill -KILL "$server_pid" 2>/dev/null || true; fi
  psql "$server_url" -qc "DROP DATABASE IF EXISTS $database WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$stage" "$context"
}
trap cleanup EXIT

free_port() { node -e "const s=require('node:net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})"; }
random_base64() { node -e "process.stdout.write(require('node:crypto').randomBytes($1).toString('base64'))"; }

# .dockerignore is a whitelist: `*`, then `!path` for what the stages copy, then `**/pattern` exclusions.
echo "build stage: nest build in $context"
while read -r line; do
  case $line in
    '!'*) entry=${line#!}; entry=${entry%/}; mkdir -p "$context/$(dirname "$entry")"; cp -r "$entry" "$context/$entry" ;;
    '**/'*) find "$context" -name "${line#'**/'}" -delete ;;
  esac
done <.dockerignore
ln -s "$PWD/node_modules" "$context/node_modules"
(cd "$context" && node_modules/.bin/nest build)

echo "runtime stage: npm ci --omit=dev in $stage"
cp package.json package-lock.json "$stage/"
(cd "$stage" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
cp -r "$context/dist" "$stage/"
cp -r bin "$stage/"
mkdir -p "$stage/deploy"
cp deploy/healthcheck.mjs "$stage/deploy/"
for dev_only in jest @nestjs/cli @nestjs/testing; do
  if [ -e "$stage/node_modules/$dev_only" ]; then echo "$dev_only (a devDependency) was installed" >&2; exit 1; fi
done

# The image's user (uid 1000, not root); as root here, drop to it like the image's USER does.
as_service_user=()
if [ "$(id -u)" = 0 ]; then as_service_user=(setpriv --reuid=1000 --regid=1000 --clear-groups --); fi

# Starts the service from the stage with only the given variables, waits for the HEALTHCHECK to pass,
# then stops it with SIGTERM and expects exit code 0.
run_service() {
  local name=$1 data_dir="$stage/data-$1" port log
  shift
  port=$(free_port)
  log="$stage/$name.log"
  mkdir "$data_dir"
  chown 1000:1000 "$data_dir" 2>/dev/null || true
  (cd "$stage" && exec env -i PATH="$PATH" NODE_ENV=production HOST=127.0.0.1 PORT="$port" DATA_DIR="$data_dir" \
    WEBHOOK_SECRET_KEY="$(random_base64 32)" LOG_LEVEL=warn "$@" "${as_service_user[@]}" node dist/src/main.js) >"$log" 2>&1 &
  server_pid=$!
  local started=$SECONDS
  until (cd "$stage" && PORT="$port" node deploy/healthcheck.mjs /readyz); do
    if ! kill -0 "$server_pid" 2>/dev/null || [ $((SECONDS - started)) -gt 90 ]; then
      echo "$name: never ready; its log:" >&2; cat "$log" >&2; exit 1
    fi
    sleep 0.5
  done
  echo "$name: /readyz passed the HEALTHCHECK after $((SECONDS - started)) s"
  if [ -n "${LOCAL_CHAIN_PORT_CHECK:-}" ]; then "$LOCAL_CHAIN_PORT_CHECK"; fi
  kill -TERM "$server_pid"
  local code=0
  wait "$server_pid" || code=$?
  server_pid=""
  if [ "$code" != 0 ]; then echo "$name: exit code $code after SIGTERM; its log:" >&2; cat "$log" >&2; exit 1; fi
  echo "$name: exit code 0 after SIGTERM"
}

psql "$server_url" -qc "CREATE DATABASE $database" >/dev/null
run_service "with DATABASE_URL" DATABASE_URL="$(node -e "const u=new URL(process.argv[1]);u.pathname='/$database';process.stdout.write(u.href)" "$server_url")" LOCAL_CHAIN=off

chain_port=$(free_port)
check_local_chain() {
  local answer
  answer=$(node -e "fetch('http://127.0.0.1:$chain_port',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({jsonrpc:'2.0',id:1,method:'eth_chainId'})}).then(r=>r.json()).then(j=>process.stdout.write(String(j.result)))")
  echo "embedded: the local chain (Anvil) answers eth_chainId $answer"
}
LOCAL_CHAIN_PORT_CHECK=check_local_chain run_service "embedded" EMBEDDED_PG_PORT="$(free_port)" LOCAL_CHAIN=on LOCAL_CHAIN_PORT="$chain_port"
echo "runtime stage: ok"
