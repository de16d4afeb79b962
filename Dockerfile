# Crypto Checkout: build with `nest build`, run the compiled service with production dependencies only.
# glibc (Debian bookworm), not Alpine: @node-rs/argon2, Anvil and the embedded PostgreSQL ship glibc binaries.

FROM node:20.20.2-bookworm-slim AS base
# npm 11 reads package.json's allowScripts (Node 20 ships npm 10, which would run every install script).
RUN npm install --global npm@11.19.1 && npm cache clean --force
ENV NPM_CONFIG_AUDIT=false NPM_CONFIG_FUND=false NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app

FROM base AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ormconfig.ts ./
COPY contracts/artifacts contracts/artifacts
COPY src src
RUN npm run build

FROM base AS runtime
# tini as PID 1: forwards SIGTERM to node and reaps what the embedded PostgreSQL or Anvil leave behind.
RUN apt-get update \
 && apt-get install --yes --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist dist
COPY bin bin
COPY deploy/healthcheck.mjs deploy/healthcheck.mjs
# The code stays root-owned and read-only to the service; only DATA_DIR is its to write (the embedded
# PostgreSQL and the key file when DATABASE_URL or WEBHOOK_SECRET_KEY are unset, the local chain's state).
RUN mkdir /data && chown 1000:1000 /data
VOLUME ["/data"]
# The local chain is for one developer's process; a container is one of many behind a balancer.
ENV HOST=0.0.0.0 PORT=3000 DATA_DIR=/data LOCAL_CHAIN=off
# The base image's `node` user, by number so that orchestrators can verify it is not root.
USER 1000:1000
EXPOSE 3000
# The service drains in-flight requests on SIGTERM for SHUTDOWN_TIMEOUT_MS (10 s): stop with a longer grace period.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "/app/deploy/healthcheck.mjs", "/readyz"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/main.js"]
