/** The statements the relay runs against one `<schema>.outbox` (DDL: shared outboxTableSql). */
export function outboxSql(schema: string) {
  const t = `"${schema.replace(/"/g, '""')}"."outbox"`;
  return {
    /** Locks due PENDING rows in insertion order; rows another relay holds are skipped. */
    claim: `select "id", "sequence", "exchange", "routing_key", "payload", "aggregate_type", "aggregate_id", "retry_count"
      from ${t} where "status" = 'PENDING' and "available_at" <= now()
      order by "sequence" limit $1 for update skip locked`,
    /**
     * Of the claimed rows ($1), those with an earlier unprocessed row of the same aggregate
     * outside the claim (held by another relay, scheduled later, backing off or FAILED):
     * publishing them now would overtake it.
     */
    blocked: `select o."id" from ${t} o where o."id" = any($1::uuid[]) and exists (
      select 1 from ${t} e where e."aggregate_type" = o."aggregate_type" and e."aggregate_id" = o."aggregate_id"
        and e."sequence" < o."sequence" and e."status" <> 'PROCESSED' and not (e."id" = any($1::uuid[])))`,
    markProcessed: `update ${t} set "status" = 'PROCESSED', "processed_at" = now(), "last_error" = null
      where "id" = any($1::uuid[])`,
    /** $1 id, $2 error, $3 maxAttempts, $4 delay in ms */
    markFailedAttempt: `update ${t} set "retry_count" = "retry_count" + 1, "last_error" = $2,
      "status" = case when "retry_count" + 1 >= $3 then 'FAILED' else 'PENDING' end,
      "available_at" = now() + $4 * interval '1 millisecond' where "id" = $1`,
    /** Pending rows, and how long the oldest due one has waited (null when none is due). */
    backlog: `select count(*)::int as "pending",
      extract(epoch from now() - min("available_at") filter (where "available_at" <= now()))::float8 as "oldestAgeSeconds"
      from ${t} where "status" = 'PENDING'`,
  };
}

/** undefined_table, invalid_schema_name: the subgraph has not run its first migration yet. */
export function isMissingOutbox(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === '42P01' || code === '3F000';
}
