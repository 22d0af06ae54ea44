#!/usr/bin/env node
// Operator commands against the outboxes (needs `npm run build` and DATABASE_URL):
//   npm run ops -- outbox:stats [--json]
//   npm run ops -- outbox:retry <id|all-failed>
// Schemas: OUTBOX_SCHEMAS or --schemas a,b (default identity,care,billing,notifications,audit,sagas);
// a schema whose outbox table does not exist is reported as absent (stats) or skipped (retry).
const { Pool } = require('pg');
const { DEFAULT_OUTBOX_SCHEMAS, outboxStats, retryFailedOutbox } = require('@caregraph/event-relay');

const USAGE = 'usage: npm run ops -- outbox:stats [--json] | outbox:retry <id|all-failed>   [--schemas a,b]';

async function main(argv) {
  const [command, ...args] = argv;
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new UsageError('Set DATABASE_URL to the CareGraph database.');
  const schemas = (valueOf(args, '--schemas') ?? process.env.OUTBOX_SCHEMAS ?? DEFAULT_OUTBOX_SCHEMAS.join(','))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const pool = new Pool({ connectionString: databaseUrl, max: 2 });
  try {
    if (command === 'outbox:stats') return await printStats(pool, schemas, args.includes('--json'));
    if (command === 'outbox:retry') {
      const target = args.find((arg) => !arg.startsWith('--') && arg !== valueOf(args, '--schemas'));
      if (!target) throw new UsageError(USAGE);
      return await retry(pool, schemas, target);
    }
    throw new UsageError(USAGE);
  } finally {
    await pool.end();
  }
}

async function printStats(pool, schemas, json) {
  const stats = await outboxStats(pool, schemas);
  if (json) return console.log(JSON.stringify(stats, null, 2));
  const seconds = (value) => (value === null ? '-' : value < 1 ? `${(value * 1000).toFixed(1)} ms` : `${value.toFixed(1)} s`);
  const rows = Object.entries(stats).map(([schema, s]) =>
    s.present
      ? {
          schema,
          pending: s.pending,
          'oldest pending': seconds(s.oldestPendingAgeSeconds),
          failed: s.failed,
          'published/s (1 min)': s.publishedPerSecond.toFixed(1),
          'latency p50': seconds(s.publishLatencyP50Seconds),
          'latency p99': seconds(s.publishLatencyP99Seconds),
        }
      : { schema, pending: 'no outbox table' },
  );
  console.table(rows);
}

async function retry(pool, schemas, target) {
  const requeued = await retryFailedOutbox(pool, schemas, target);
  const total = Object.values(requeued).reduce((sum, ids) => sum + ids.length, 0);
  for (const [schema, ids] of Object.entries(requeued)) console.log(`${schema}: re-queued ${ids.length} (${ids.join(', ')})`);
  if (total === 0) {
    console.error(target === 'all-failed' ? 'No FAILED outbox rows.' : `No FAILED outbox row ${target} in ${schemas.join(', ')}.`);
    process.exitCode = 1;
  }
}

class UsageError extends Error {}

function valueOf(args, flag) {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
