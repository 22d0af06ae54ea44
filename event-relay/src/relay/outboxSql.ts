/** The statements the relay runs against one `<schema>.outbox` (DDL: shared outboxTableSql). */
export function outboxSql(schema: string) {
  const t = `"${schema.replace(/"/g, '""')}"."outbox"`;
  return {
    /**
     * Locks due PENDING rows in insertion order (a CANCELLED row is never claimed, nor does it
     * hold its aggregate back); rows another relay holds are skipped. The
     * predicate is the row's own state, never a position, so no row can be passed over for
     * good (docs/adr/0004-outbox-relay.md). Each row comes with `blocked`: its aggregate has an
     * earlier unprocessed row outside the claim (held by another relay, scheduled later, backing
     * off or FAILED), and publishing it now would overtake that row. One statement, one snapshot,
     * one round trip.
     */
    claim: `with claimed as materialized (
        select "id", "sequence", "exchange", "routing_key", "payload", "aggregate_type", "aggregate_id", "retry_count", "traceparent"
        from ${t} where "status" = 'PENDING' and "available_at" <= now()
        order by "sequence" limit $1 for update skip locked)
      select c.*, exists (
        select 1 from ${t} e where e."aggregate_type" = c."aggregate_type" and e."aggregate_id" = c."aggregate_id"
          and e."sequence" < c."sequence" and e."status" <> 'PROCESSED' and e."status" <> 'CANCELLED'
          and e."id" not in (select "id" from claimed)) as "blocked"
      from claimed c order by c."sequence"`,
    markProcessed: `update ${t} set "status" = 'PROCESSED', "processed_at" = now(), "last_error" = null
      where "id" = any($1::uuid[])`,
    /** $1 id, $2 error, $3 maxAttempts, $4 delay in ms */
    markFailedAttempt: `update ${t} set "retry_count" = "retry_count" + 1, "last_error" = $2,
      "status" = case when "retry_count" + 1 >= $3 then 'FAILED' else 'PENDING' end,
      "available_at" = now() + $4 * interval '1 millisecond' where "id" = $1`,
    /**
     * Everything outboxStats reports, in one pass. Latency is commit-side: from when the row
     * was due (created, or its scheduled time) to when its confirm was recorded.
     */
    stats: `select
      count(*) filter (where "status" = 'PENDING')::int as "pending",
      count(*) filter (where "status" = 'FAILED')::int as "failed",
      extract(epoch from now() - min("available_at") filter (where "status" = 'PENDING' and "available_at" <= now()))::float8 as "oldestPendingAgeSeconds",
      count(*) filter (where "status" = 'PROCESSED' and "processed_at" > now() - $1 * interval '1 second')::int as "recentlyPublished",
      percentile_cont(array[0.5, 0.99]) within group (order by extract(epoch from "processed_at" - greatest("created_at", "available_at")))
        filter (where "status" = 'PROCESSED' and "processed_at" > now() - $1 * interval '1 second') as "latency"
      from ${t}`,
    /** $1 age in ms, $2 batch size; deletes at most one batch of old PROCESSED rows. */
    deleteProcessed: `delete from ${t} where "id" in (
      select "id" from ${t} where "status" = 'PROCESSED' and "processed_at" < now() - $1 * interval '1 millisecond'
      limit $2 for update skip locked)`,
    /** Re-queues FAILED rows: all of them, or the one whose id is $1. */
    retryFailed: `update ${t} set "status" = 'PENDING', "retry_count" = 0, "last_error" = null, "available_at" = now()
      where "status" = 'FAILED' and ($1::uuid is null or "id" = $1::uuid) returning "id"`,
  };
}

/** undefined_table, invalid_schema_name: the subgraph has not run its first migration yet. */
export function isMissingOutbox(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === '42P01' || code === '3F000';
}
