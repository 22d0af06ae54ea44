import type { TopologyReport } from './TopologyReport';
import type { TopologySpec } from './TopologySpec';

export interface PublishRequest {
  exchange: string;
  routingKey: string;
  body: Buffer;
  /** Stable id (the CloudEvent id), so consumers can drop duplicates. */
  messageId: string;
  headers?: Record<string, unknown>;
  /** Default `application/json`. */
  contentType?: string;
  /**
   * Per-message TTL: a message still queued after this many milliseconds expires and is
   * dead-lettered by its queue (how retry delay queues hold a message back). Default: none.
   */
  expirationMs?: number;
}

/** A message handed to a consumer. */
export interface BrokerMessage {
  body: Buffer;
  messageId?: string;
  exchange: string;
  routingKey: string;
  headers: Record<string, unknown>;
  contentType?: string;
  /** True when the broker delivered it before (the earlier delivery was not acknowledged). */
  redelivered: boolean;
}

/** Resolve to acknowledge; throw (or reject) to dead-letter the message. */
export type MessageHandler = (message: BrokerMessage) => Promise<void>;

export interface ConsumeOptions {
  /** Unacknowledged messages in flight for this consumer. Default 10. */
  prefetch?: number;
}

export interface ConsumerHandle {
  /** Stops deliveries; messages in flight still finish and are acknowledged. */
  cancel(): Promise<void>;
}

/**
 * The port to the message broker: RabbitMQ in services mode (`AmqpBroker`), an in-process
 * stand-in in embedded mode and unit tests (`InMemoryBroker`). Both pass `brokerContract`.
 */
export interface MessageBroker {
  /**
   * Declares exchanges, queues and bindings; idempotent. An exchange or queue that already
   * exists with other settings is not an error: it is listed in the report (and kept as it is),
   * and the rest is still declared. Rejects only when the broker cannot be reached or a
   * binding names something that does not exist.
   */
  assertTopology(spec: TopologySpec): Promise<TopologyReport>;
  /**
   * Publishes a persistent message and resolves once the broker has taken responsibility for
   * it (publisher confirm). Rejects with a `BrokerError`: `UNROUTABLE` when no queue receives
   * it, `NACKED` when the broker refuses it, `NOT_FOUND` for an unknown exchange, `UNAVAILABLE`
   * when the connection is down (at once, without waiting for it) or lost before the confirm.
   */
  publish(request: PublishRequest): Promise<void>;
  /**
   * Delivers the queue's messages to `handler`, at most `prefetch` at a time. A message is
   * acknowledged after the handler resolves; when it throws, the message is rejected without
   * requeue (dead-lettered when the queue has a dead-letter exchange).
   */
  consume(queue: string, handler: MessageHandler, options?: ConsumeOptions): Promise<ConsumerHandle>;
  close(): Promise<void>;
}
