import type { EntityManager } from '@mikro-orm/postgresql';
import type { CloudEvent } from '../events';
import type { Logger } from '../logger';

/**
 * One consumer role (docs/architecture.md, RabbitMQ topology): the queue it reads, the events it
 * binds, where its inbox lives, and its handler. The consumer runtime (event-relay) runs it:
 * it opens a transaction on `em`'s database, records (consumer, event id) in
 * `<inboxSchema>.inbox` and, only when that row is new, calls `handle` inside the same
 * transaction; it acks after commit. So a redelivered event has no second effect.
 */
export interface ConsumerDefinition {
  /** The role, e.g. `notifications`; also the inbox's consumer key. */
  name: string;
  /** Queue name without namespace, e.g. `notifications.domain` (a durable quorum queue). */
  queue: string;
  /** Routing-key patterns bound from `exchange`, e.g. `['#']` or `['appointment.*']`. Omit for `audit.log`, which the `audit` fanout feeds. */
  bindings?: string[];
  /** The topic exchange (without namespace) the bindings are on. Default `domain.events`; command consumers use `commands`. */
  exchange?: string;
  /** The Postgres schema holding its inbox table (see inboxTableSql): the schema its effects live in. */
  inboxSchema: string;
  /** An EntityManager of the consumer's own ORM; the runtime forks it per message. */
  em: EntityManager;
  /**
   * Events with the same key are handled one at a time, in the order they arrived, on top of
   * the runtime's per-aggregate order (e.g. the audit role's care circle, whose log numbers its
   * events under one lock anyway: queued in process they keep arrival order and hold no
   * connection while they wait). Undefined for an event: per aggregate only. Default none.
   */
  orderingKey?(event: CloudEvent): string | undefined;
  /**
   * This consumer's own retry schedule: the delay before each retry, its length the number of
   * retries before the dead letters. Default: the runtime's (`CONSUMER_RETRY_DELAYS_MS`).
   */
  retryDelaysMs?: number[];
  /**
   * Handles one event. `em` is inside the transaction that recorded the inbox row. Throw
   * PermanentError (or a DomainError with code BAD_USER_INPUT) for an event that can never
   * succeed: it is dead-lettered at once instead of retried.
   *
   * It may return an after-commit step (e.g. a live notification of what it stored): the
   * runtime calls it once the transaction committed, never for a duplicate, and only logs its
   * failure (the effects are committed; the step must be safe to lose).
   *
   * `attempt` (always passed by the runtime) says which attempt at this message this is and
   * whether a retryable failure would be retried, for a handler that records its own attempts
   * (webhook deliveries).
   */
  handle(event: CloudEvent, em: EntityManager, logger: Logger, attempt?: ConsumerAttempt): Promise<void | AfterCommit>;
}

/** The runtime's attempt at one message. */
export interface ConsumerAttempt {
  /** 1 for the first delivery, then one more per retry. */
  number: number;
  /** How long after a retryable failure of this attempt the next one comes; undefined when this is the last (a failure dead-letters). */
  retryDelayMs?: number;
}

/** Work a handler asks to run after its transaction committed (best effort). */
export type AfterCommit = () => Promise<void>;

/** An error that retrying cannot fix (bad payload, unknown reference): dead-letter at once. */
export class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}
