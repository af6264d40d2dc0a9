# One image for every service: the command picks the service (SERVICE=intent-scorer ...).
# Internal packages ship TypeScript source and run under tsx, so there is no build stage
# for them; the dashboard's static bundle is built in its own stage when it exists.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages ./packages
COPY proto-schemas ./proto-schemas
COPY services ./services
RUN find packages proto-schemas services -type f ! -name package.json -delete \
 && npm ci --omit=dev --no-audit --no-fund --ignore-scripts \
 && npm install --no-save --no-audit --no-fund tsx

FROM node:20-bookworm-slim AS runtime
# Extra node flags; the Tiltfile builds with --watch so live-updated sources restart the process.
ARG NODE_RUN_FLAGS=""
ENV NODE_ENV=production NODE_RUN_FLAGS=${NODE_RUN_FLAGS}
WORKDIR /app
# The whole deps tree: workspaces can have their own nested node_modules (version conflicts).
COPY --from=deps /app ./
COPY . .
USER node
# Every service serves /healthz, /readyz and /metrics on HEALTH_PORT; compose and k8s probe it.
ENV SERVICE=gateway HEALTH_PORT=9464
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HEALTH_PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `docker run IMAGE node --import tsx services/radar/src/main.ts migrate` runs an operator command.
CMD ["sh", "-c", "exec node ${NODE_RUN_FLAGS} --import tsx services/${SERVICE}/src/main.ts"]
