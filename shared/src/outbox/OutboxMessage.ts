import { Entity, Enum, Index, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import type { CloudEvent } from '../events';

/** CANCELLED: a scheduled row superseded before it was due (cancelScheduled); never published. */
export type OutboxStatus = 'PENDING' | 'PROCESSED' | 'FAILED' | 'CANCELLED';

/**
 * One event waiting to be relayed, stored in the writing subgraph's own schema (`<schema>.outbox`)
 * in the same transaction as the change it describes. Only the relay moves it past PENDING, except
 * cancelScheduled, which moves a scheduled row that is not yet due to CANCELLED.
 */
@Entity({ tableName: 'outbox' })
@Index({ properties: ['aggregateType', 'aggregateId'] })
export class OutboxMessage {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  /** Insertion order, assigned by the database (bigserial); never written by the ORM. */
  @Property({ type: 'bigint', persist: false, nullable: true })
  sequence?: string;

  @Property({ type: 'text' })
  eventType!: string;

  /** The logical exchange (`domain.events`); the relay adds its namespace. */
  @Property({ type: 'text' })
  exchange: string & Opt = 'domain.events';

  @Property({ type: 'text' })
  routingKey!: string;

  @Property({ type: 'jsonb' })
  payload!: CloudEvent;

  @Property({ type: 'text' })
  aggregateType!: string;

  @Property({ type: 'text' })
  aggregateId!: string;

  @Enum({ items: ['PENDING', 'PROCESSED', 'FAILED', 'CANCELLED'], type: 'text' })
  status: OutboxStatus & Opt = 'PENDING';

  @Property({ type: 'int' })
  retryCount: number & Opt = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string;

  @Property({ type: 'timestamptz' })
  availableAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  processedAt?: Date;

  /** Names the schedule this row belongs to, so cancelScheduled can supersede it (outboxCancelMigration). */
  @Property({ type: 'text', nullable: true })
  cancelKey?: string;

  @Property({ type: 'text', nullable: true })
  correlationId?: string;

  @Property({ type: 'text', nullable: true })
  causedBy?: string;

  @Property({ type: 'text', nullable: true })
  traceparent?: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
