import { inSpan, SpanKind, traceHeaders, type EventPubSub, type LivePublisher } from '@caregraph/shared';
import type { RoleConfig } from './RoleConfig';

/**
 * The role's pubsub as a consumer's `live` option (undefined without one). Each announcement is
 * a producer span inside the consumer's handling, and its `traceparent` replaces the event's in
 * the published JSON, so the gateway's delivery spans link to it (docs/operations.md).
 */
export function livePublisher({ pubsub, namespace }: RoleConfig): LivePublisher | undefined {
  return pubsub ? { publish: (channel, payload) => publishTraced(pubsub, channel, payload), namespace } : undefined;
}

function publishTraced(pubsub: Pick<EventPubSub, 'publish'>, channel: string, payload: unknown): Promise<void> {
  const attributes = { 'messaging.system': 'redis', 'messaging.operation.type': 'send', 'messaging.destination.name': channel };
  return inSpan('publish live', { kind: SpanKind.PRODUCER, attributes }, () =>
    pubsub.publish(channel, payload !== null && typeof payload === 'object' ? traceHeaders(payload as Record<string, unknown>) : payload),
  );
}
