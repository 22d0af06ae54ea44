import type { Pool } from 'pg';
import type { Logger } from '@caregraph/shared';
import { isMissingOutbox, outboxSql } from './outboxSql';

export interface RetentionPolicy {
  /** PROCESSED rows older than this are deleted. Default 7 days. */
  maxAgeMs: number;
  /** Rows per DELETE, so no sweep holds many locks or a long transaction. Default 500. */
  batchSize: number;
  /** Time between sweeps. Default 60 s. */
  intervalMs: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { maxAgeMs: 7 * 24 * 3600_000, batchSize: 500, intervalMs: 60_000 };

/** Periodically deletes old PROCESSED outbox rows, in small batches (SKIP LOCKED, so relays may share the work). */
export class OutboxRetention {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<number>;
  private stopped = false;

  constructor(
    private readonly pool: Pool,
    private readonly schemas: string[],
    private readonly policy: RetentionPolicy,
    private readonly logger: Logger,
    private readonly onDeleted?: (schema: string, rows: number) => void,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sweep(), this.policy.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.sweeping?.catch(() => undefined);
  }

  /** One sweep over every schema; returns the rows deleted. Overlapping calls share one sweep. */
  sweep(): Promise<number> {
    this.sweeping ??= this.sweepAll()
      .catch((error) => {
        this.logger.warn({ err: error }, 'Deleting processed outbox rows failed; retrying at the next sweep');
        return 0;
      })
      .finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepAll(): Promise<number> {
    let total = 0;
    for (const schema of this.schemas) {
      const sql = outboxSql(schema).deleteProcessed;
      for (;;) {
        if (this.stopped) return total;
        const deleted = await this.pool.query(sql, [this.policy.maxAgeMs, this.policy.batchSize]).then(
          (result) => result.rowCount ?? 0,
          (error) => (isMissingOutbox(error) ? 0 : Promise.reject(error)),
        );
        if (deleted > 0) this.onDeleted?.(schema, deleted);
        total += deleted;
        if (deleted < this.policy.batchSize) break;
      }
    }
    return total;
  }
}
