#!/usr/bin/env bash
# Checks the container packaging without a container engine (README "Containers"): lints the Dockerfile
# and has Compose resolve compose.yaml — with the secrets it needs, and refusing to without them.
# Needs `docker compose` (v2) or `docker-compose` (Debian's package); no Docker daemon.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "Dockerfile: dockerfile-utils lint"
npx --no-install dockerfile-utils lint Dockerfile

if docker compose version >/dev/null 2>&1; then compose=(docker compose)
elif command -v docker-compose >/dev/null; then compose=(docker-compose)
else echo "neither 'docker compose' nor 'docker-compose' is installed (apt-get install docker-compose)" >&2; exit 1; fi

# A copy, so that its .env (throw-away secrets) never touches a real .env beside compose.yaml.
project=$(mktemp -d)
trap 'rm -rf "$project"' EXIT
cp compose.yaml "$project/"
cp -r deploy "$project/"
random_base64() { node -e "process.stdout.write(require('node:crypto').randomBytes($1).toString('base64'))"; }

echo "compose.yaml: ${compose[*]} config"
printf 'POSTGRES_PASSWORD=%s\nWEBHOOK_SECRET_KEY=%s\n' "$(random_base64 18 | tr '+/' '-_')" "$(random_base64 32)" >"$project/.env"
(cd "$project" && "${compose[@]}" config --quiet)

echo "compose.yaml: refuses to start without WEBHOOK_SECRET_KEY"
grep -v '^WEBHOOK_SECRET_KEY=' "$project/.env" >"$project/.env.partial" && mv "$project/.env.partial" "$project/.env"
if output=$(cd "$project" && "${compose[@]}" config --quiet 2>&1); then
  echo "compose.yaml resolved without WEBHOOK_SECRET_KEY" >&2; exit 1
fi
grep -q 'set WEBHOOK_SECRET_KEY in .env' <<<"$output" || { echo "unexpected error: $output" >&2; exit 1; }
echo "packaging files: ok"
