#!/usr/bin/env node
// Operator commands (needs `npm run build`):
//   npm run ops -- outbox:stats [--json]                 (DATABASE_URL)
//   npm run ops -- outbox:retry <id|all-failed>          (DATABASE_URL)
//   npm run ops -- audit:replay <aggregateType> <aggregateId> [--json]   (DATABASE_URL)
//   npm run ops -- webhook:replay <deliveryId>           (DATABASE_URL; the relay and the webhooks role send it)
//   npm run ops -- dlq:list [queue] [--json]             (RABBITMQ_URL, CAREGRAPH_NAMESPACE)
//   npm run ops -- dlq:replay <id|all> [queue]           (RABBITMQ_URL, CAREGRAPH_NAMESPACE)
//   npm run ops -- dlq:purge [queue] --yes               (RABBITMQ_URL, CAREGRAPH_NAMESPACE)
// Schemas: OUTBOX_SCHEMAS or --schemas a,b (default identity,care,billing,notifications,audit,sagas);
// a schema whose outbox table does not exist is reported as absent (stats) or skipped (retry).
// A dlq command's queue is a consumer queue without namespace (audit.log, notifications.domain,
// sagas.booking, care.commands, billing.commands, notifications.webhook_fanout,
// notifications.webhooks); default all of them.
const { Pool } = require('pg');
const { DEFAULT_OUTBOX_SCHEMAS, DeadLetters, outboxStats, retryFailedOutbox } = require('@caregraph/event-relay');

const USAGE = [
  'usage: npm run ops -- outbox:stats [--json] | outbox:retry <id|all-failed>   [--schemas a,b]',
  '       npm run ops -- audit:replay <aggregateType> <aggregateId> [--json]',
  '       npm run ops -- webhook:replay <deliveryId>',
  '       npm run ops -- dlq:list [queue] [--json] | dlq:replay <id|all> [queue] | dlq:purge [queue] --yes',
].join('\n');

async function main(argv) {
  const [command, ...args] = argv;
  if (command?.startsWith('dlq:')) return deadLetters(command, args);
  if (command === 'audit:replay') return auditReplay(args);
  if (command === 'webhook:replay') return webhookReplay(args);
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

async function deadLetters(command, args) {
  const rabbitmqUrl = process.env.RABBITMQ_URL;
  if (!rabbitmqUrl) throw new UsageError('Set RABBITMQ_URL (and CAREGRAPH_NAMESPACE when the installation uses one).');
  const positional = args.filter((arg) => !arg.startsWith('--'));
  const dlq = await DeadLetters.connect(rabbitmqUrl, process.env.CAREGRAPH_NAMESPACE ?? '');
  try {
    if (command === 'dlq:list') {
      const letters = await dlq.list(positional[0] ? [positional[0]] : undefined);
      if (args.includes('--json')) return console.log(JSON.stringify(letters, null, 2));
      if (letters.length === 0) return console.log('No dead letters.');
      console.table(letters.map(({ queue, id, type, error, attempts, firstFailedAt }) => ({ queue, id, type, attempts, 'first failed': firstFailedAt ?? '-', error })));
      return;
    }
    if (command === 'dlq:replay') {
      if (!positional[0]) throw new UsageError(USAGE);
      const replayed = await dlq.replay(positional[0], positional[1] ? [positional[1]] : undefined);
      if (replayed.length === 0) {
        console.error(positional[0] === 'all' ? 'No dead letters.' : `No dead letter ${positional[0]}.`);
        process.exitCode = 1;
        return;
      }
      return console.log(`Replayed ${replayed.length}: ${replayed.join(', ')}`);
    }
    if (command === 'dlq:purge') {
      if (!args.includes('--yes')) throw new UsageError('dlq:purge deletes dead letters for good: add --yes to confirm.');
      const purged = await dlq.purge(positional[0] ? [positional[0]] : undefined);
      for (const [queue, count] of Object.entries(purged)) console.log(`${queue}: purged ${count}`);
      return;
    }
    throw new UsageError(USAGE);
  } finally {
    await dlq.close();
  }
}

async function auditReplay(args) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new UsageError('Set DATABASE_URL to the CareGraph database.');
  const [aggregateType, aggregateId] = args.filter((arg) => !arg.startsWith('--'));
  if (!aggregateType || !aggregateId) throw new UsageError(USAGE);
  require('reflect-metadata');
  const { createOrm } = require('@caregraph/shared');
  const { auditEntities, auditMigrations, replay } = require('@caregraph/audit');
  const orm = await createOrm({ clientUrl: databaseUrl, schema: 'audit', entities: auditEntities, migrations: auditMigrations, poolMax: 1 });
  try {
    let count = 0;
    for await (const event of replay(orm.em.fork(), aggregateType, aggregateId)) {
      count++;
      if (args.includes('--json')) console.log(JSON.stringify(event));
      else console.log(`${event.time}  ${event.type}  ${event.id}${event.causedby ? `  by ${event.causedby}` : ''}  ${JSON.stringify(event.data ?? {})}`);
    }
    if (count === 0) {
      console.error(`No audited events for ${aggregateType} ${aggregateId}.`);
      process.exitCode = 1;
    }
  } finally {
    await orm.close();
  }
}

async function webhookReplay(args) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new UsageError('Set DATABASE_URL to the CareGraph database.');
  const [deliveryId] = args.filter((arg) => !arg.startsWith('--'));
  if (!deliveryId) throw new UsageError(USAGE);
  require('reflect-metadata');
  const { createOrm, DomainError } = require('@caregraph/shared');
  const { notificationsEntities, notificationsMigrations, replayWebhookDelivery } = require('@caregraph/notifications');
  const orm = await createOrm({ clientUrl: databaseUrl, schema: 'notifications', entities: notificationsEntities, migrations: notificationsMigrations, poolMax: 1 });
  try {
    const replayed = await replayWebhookDelivery(orm.em, deliveryId);
    console.log(`Re-queued delivery ${replayed.deliveryId} (${replayed.eventType} ${replayed.eventId} to ${replayed.origin}; was ${replayed.previousStatus}).`);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await orm.close();
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
