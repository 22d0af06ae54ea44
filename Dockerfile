# One image for every CareGraph process. The default command is the launcher (scripts/start.js: every
# process, services mode when DATABASE_URL, RABBITMQ_URL and REDIS_URL are set); docker-compose.yml and
# deploy/k8s run one process per container with their own command and HEALTHCHECK_URL.
# Runs on Node 22 LTS; the code also supports Node 20 (package.json engines).

# Build stage: every dependency (TypeScript, the GraphiQL bundler), compile, compose the supergraph.
FROM node:22-bookworm-slim AS build
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
COPY sdk/package.json sdk/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf test docs operations \
  && find . -path ./node_modules -prune -o -name '*.tsbuildinfo' -exec rm -f {} +

# Final stage: production dependencies and compiled output only, as the unprivileged `node` user.
FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build --chown=root:root /app /app
# Embedded mode (no server URLs) keeps its Postgres data in .caregraph: the one writable folder.
RUN mkdir -p .caregraph && chown node:node .caregraph
USER node
# gateway, the six subgraphs (identity … sagas), the event-relay's /health and /metrics.
EXPOSE 4000 4001 4002 4003 4004 4005 4006 4010
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 CMD ["node", "scripts/healthcheck.js"]
CMD ["node", "scripts/start.js"]
