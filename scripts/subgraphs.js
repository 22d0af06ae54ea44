// The CareGraph subgraphs in one place, for the launcher (start.js), composition (compose.js)
// and the seed. `events` is SDL only: the gateway feeds its Subscription fields from Redis.
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/**
 * name, default port and its env var, the default port of its internal /metrics (on 127.0.0.1) and
 * its env var, workspace folder, exported start and schema functions.
 */
const SUBGRAPHS = [
  { name: 'identity', port: 4001, portEnv: 'IDENTITY_PORT', metricsPort: 4091, metricsPortEnv: 'IDENTITY_METRICS_PORT', dir: 'subgraphs/identity', start: 'startIdentity', schema: 'buildIdentitySchema' },
  { name: 'care', port: 4002, portEnv: 'CARE_PORT', metricsPort: 4092, metricsPortEnv: 'CARE_METRICS_PORT', dir: 'subgraphs/care', start: 'startCare', schema: 'buildCareSchema' },
  { name: 'billing', port: 4003, portEnv: 'BILLING_PORT', metricsPort: 4093, metricsPortEnv: 'BILLING_METRICS_PORT', dir: 'subgraphs/billing', start: 'startBilling', schema: 'buildBillingSchema' },
  { name: 'notifications', port: 4004, portEnv: 'NOTIFICATIONS_PORT', metricsPort: 4094, metricsPortEnv: 'NOTIFICATIONS_METRICS_PORT', dir: 'subgraphs/notifications', start: 'startNotifications', schema: 'buildNotificationsSchema' },
  { name: 'audit', port: 4005, portEnv: 'AUDIT_PORT', metricsPort: 4095, metricsPortEnv: 'AUDIT_METRICS_PORT', dir: 'subgraphs/audit', start: 'startAudit', schema: 'buildAuditSchema' },
  { name: 'sagas', port: 4006, portEnv: 'SAGAS_PORT', metricsPort: 4096, metricsPortEnv: 'SAGAS_METRICS_PORT', dir: 'subgraphs/sagas', start: 'startSagas', schema: 'buildSagasSchema' },
];

/** The port a subgraph listens on, from its env var or its default. */
function portOf(subgraph, env = process.env) {
  return Number(env[subgraph.portEnv] ?? subgraph.port);
}

/** The port of a subgraph's internal /metrics, from its env var or its default. */
function metricsPortOf(subgraph, env = process.env) {
  return Number(env[subgraph.metricsPortEnv] ?? subgraph.metricsPort);
}

/** The subgraph's built package (dist), loaded on demand. */
function load(subgraph) {
  return require(path.join(root, subgraph.dir, 'dist'));
}

module.exports = { SUBGRAPHS, portOf, metricsPortOf, load, root };
