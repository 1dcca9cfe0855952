# One image for every role; APP_ROLE (api, worker or all) picks what it runs.
FROM node:20-bookworm-slim AS build
# re2 (linear-time regexes for user-supplied patterns) compiles from source.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN RE2_DOWNLOAD_FORCE_BUILD=1 npm ci --no-audit --no-fund
COPY nest-cli.json tsconfig.json tsconfig.build.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production APP_ROLE=all PORT=8000 WORKER_PORT=8001
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
USER node
EXPOSE 8000 8001
# The worker role answers /health on WORKER_PORT, the others on PORT.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "const p = process.env.APP_ROLE === 'worker' ? process.env.WORKER_PORT : process.env.PORT; fetch('http://127.0.0.1:' + p + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "dist/apps/logsieve/src/main.js"]
