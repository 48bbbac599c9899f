# incident-responder: a two-stage image. The build stage compiles TypeScript with every dependency; the
# image gets the production dependencies, lib/, the launcher and the runtime files only, and runs as the
# unprivileged `node` user. Build: docker build -t incident-responder .  Run: see docs/deployment.md.
# No container daemon runs in this project's CI: .ci/production-install runs these same stages as plain
# commands (.ci/dockerfile-run.mjs) and starts the result.
# Node 26: the current LTS (Active LTS since 2026-10-28); package.json's engines accept 22 and later.
ARG NODE_VERSION=26

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY bin ./bin
COPY templates ./templates
COPY app.yml ./app.yml
USER node
EXPOSE 3000
# Liveness: Probot's /ping (the process answers). Readiness (credentials, GitHub reachable) is /healthz,
# for an orchestrator's readiness probe: restarting the container would not make GitHub reachable.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/ping`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# No init process: node runs as PID 1 and relies on the app's own SIGTERM/SIGINT handler
# (src/server/clean-stop.ts): it stops taking webhooks, finishes the jobs in hand and exits 0 within
# 8 s, inside Docker's default 10 s grace period (test/integration/clean-stop.test.ts runs it as PID 1).
# --max-semi-space-size, --expose-gc and --single-threaded-gc: see src/server/node-flags.ts (the same options as npm start and the benchmark).
CMD ["node", "--max-semi-space-size=8", "--expose-gc", "--single-threaded-gc", "lib/server.js"]
