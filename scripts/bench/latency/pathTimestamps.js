// Timestamps the path already writes, per medication log: the CloudEvent's `time` (taken in
// care's transaction), the relay's claim (outbox `processed_at` is its transaction's start)
// and the audit consumer's transaction start (inbox `handled_at`, audit `recorded_at`).
const { Client } = require('pg');

const SQL = `select o.payload->'data'->>'logId' as "logId",
    extract(epoch from (o.payload->>'time')::timestamptz) * 1000 as "eventTime",
    extract(epoch from o.processed_at) * 1000 as "relayClaimed",
    extract(epoch from i.handled_at) * 1000 as "auditStarted"
  from care.outbox o
  left join audit.inbox i on i.consumer = 'audit' and lower(i.event_id) = lower(o.id::text)
  where o.event_type = 'medication.logged'`;

/** logId → { eventTime, relayClaimed, auditStarted } in epoch milliseconds. */
async function pathTimestamps(databaseUrl) {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(SQL);
    return new Map(rows.map((row) => [row.logId, { eventTime: Number(row.eventTime), relayClaimed: Number(row.relayClaimed), auditStarted: Number(row.auditStarted) }]));
  } finally {
    await client.end();
  }
}

module.exports = { pathTimestamps };
