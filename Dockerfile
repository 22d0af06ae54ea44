# One image for every CareGraph process; docker-compose.yml picks the command per service.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY shared/package.json shared/
COPY subgraphs/identity/package.json subgraphs/identity/
COPY subgraphs/care/package.json subgraphs/care/
COPY subgraphs/billing/package.json subgraphs/billing/
COPY subgraphs/notifications/package.json subgraphs/notifications/
COPY subgraphs/audit/package.json subgraphs/audit/
COPY subgraphs/sagas/package.json subgraphs/sagas/
COPY event-relay/package.json event-relay/
COPY gateway/package.json gateway/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app /app
USER node
