import type { EntityManager } from '@mikro-orm/core';
import { createCloudEvent, type CloudEvent } from '../events';
import { OutboxMessage } from './OutboxMessage';
import { currentTraceparent } from '../telemetry/traceHeaders';

/** Request-scoped facts copied onto every event a request causes. */
export interface EventContext {
  /** id of the signed-in user whose action this is */
  causedBy?: string;
  correlationId?: string;
  causationId?: string;
  /** The caller's W3C traceparent; the active span's wins when tracing is on. */
  traceparent?: string;
}

export interface DomainEventInput<T> {
  type: string;
  aggregateType: string;
  aggregateId: string;
  careCircleId?: string;
  data: T;
  /** Publish no earlier than this (scheduled events such as `medication.due`). Default: now. */
  availableAt?: Date;
  /** The exchange (without namespace) the relay publishes it to, with `type` as routing key. Default `domain.events`; commands go to `commands`. */
  exchange?: string;
  /** Lets cancelScheduled(em, cancelKey) withdraw the row while it is still scheduled. Default: none. */
  cancelKey?: string;
}

/**
 * Records a domain event in the outbox of the entity manager's schema. It is only persisted,
 * not flushed: call it inside the `em.transactional(...)` that changes the entities, so the
 * event commits or rolls back with them. Returns the CloudEvent.
 */
export function recordEvent<T extends Record<string, unknown>>(
  em: EntityManager,
  source: string,
  input: DomainEventInput<T>,
  context: EventContext = {},
): CloudEvent<T> {
  // The active span (the subgraph's request, a consumer's handling) is where this event is created.
  const traceparent = currentTraceparent() ?? context.traceparent;
  const event = createCloudEvent({
    type: input.type,
    source,
    subject: input.aggregateId,
    data: input.data,
    careCircleId: input.careCircleId,
    aggregateType: input.aggregateType,
    causedBy: context.causedBy,
    correlationId: context.correlationId,
    causationId: context.causationId,
    traceparent,
  });
  const row = em.create(OutboxMessage, {
    id: event.id,
    eventType: event.type,
    ...(input.exchange ? { exchange: input.exchange } : {}),
    routingKey: event.type,
    payload: event as CloudEvent,
    aggregateType: input.aggregateType,
    aggregateId: input.aggregateId,
    availableAt: input.availableAt ?? new Date(),
    ...(input.cancelKey ? { cancelKey: input.cancelKey } : {}),
    correlationId: context.correlationId,
    causedBy: context.causedBy,
    traceparent,
  });
  em.persist(row);
  return event;
}
