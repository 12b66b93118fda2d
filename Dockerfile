# syntax=docker/dockerfile:1
# One image per service, from one Dockerfile:
#   docker build --build-arg SERVICE=decision  -t vilkarsflyt/decision  .
#   docker build --build-arg SERVICE=follow-up -t vilkarsflyt/follow-up .
#   docker build --build-arg SERVICE=payout    -t vilkarsflyt/payout    .
#   docker build --build-arg SERVICE=web       -t vilkarsflyt/web       .
# (docker compose build does all four.) Compiled JavaScript only, production dependencies only,
# run as the unprivileged user `node`. Configuration: the environment variables in docs/api.md.
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Compile: TypeScript -> dist/ (tsc -p tsconfig.build.json); for web also the browser app (Vite -> dist/web-client).
FROM ${NODE_IMAGE} AS build
ARG SERVICE
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY tsconfig.json tsconfig.build.json ./
COPY libs libs
COPY apps apps
COPY scripts scripts
RUN test -n "$SERVICE" && test -f "apps/$SERVICE/src/main.ts" || { echo "build with --build-arg SERVICE=decision|follow-up|payout|web" >&2; exit 1; }
RUN npx tsc -p tsconfig.build.json
RUN if [ "$SERVICE" = web ]; then npx vite build --config apps/web/client/vite.config.ts --logLevel warn; fi

# 2. Production dependencies only (no TypeScript, Jest, Vite, React …).
FROM ${NODE_IMAGE} AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error && npm cache clean --force

# 3. What runs: node, the production node_modules, the compiled service (and the shared libraries).
FROM ${NODE_IMAGE} AS runtime
ARG SERVICE
ENV NODE_ENV=production \
    SERVICE=${SERVICE} \
    HOST=0.0.0.0 \
    TS_NODE_BASEURL=./dist \
    DEV_KEYS_DIR=/keys \
    NODE_OPTIONS=--max-old-space-size=160
WORKDIR /app
COPY --from=dependencies --chown=root:root /app/node_modules node_modules
# tsconfig.json: its `paths` map @vf/* to dist/libs/* at run time (tsconfig-paths with TS_NODE_BASEURL).
COPY --chown=root:root package.json tsconfig.json ./
COPY --from=build --chown=root:root /app/dist dist
# Only a directory for development keys is writable (docker-compose.yml's dev-keys volume); the code is not.
RUN mkdir -p /keys && chown node:node /keys
USER node
EXPOSE 3000 3001 3002 3003
CMD ["sh", "-c", "exec node -r tsconfig-paths/register dist/apps/$SERVICE/src/main.js"]
