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
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER node
ENV SERVICE=gateway
CMD ["sh", "-c", "exec node --import tsx services/${SERVICE}/src/main.ts"]
