import type { ExecutionResult } from 'graphql';
import { SpanKind, SpanStatusCode, type Context } from '@opentelemetry/api';
import { startSpan } from '@caregraph/shared/telemetry';

export interface DeliverySpan {
  /** Where the event's execution runs, so its subgraph fetches join the trace. */
  context: Context;
  /** The result went to the subscriber (errors in it mark the span). */
  delivered(result: ExecutionResult): void;
  end(): void;
}

/**
 * One consumer span per event per subscriber: `deliver <field>`, child of and linked to the span
 * that announced the event (its `traceparent`, set by the consumer's live publish). Ended by
 * the stream once the result is handed to the transport, or the event was dropped.
 */
export function startDeliverySpan(field: string | undefined, event: unknown): DeliverySpan {
  const createdBy = event as Record<string, unknown>;
  const attributes = { 'messaging.operation.type': 'process', 'graphql.subscription.field': field ?? 'unknown', ...(typeof createdBy.id === 'string' ? { 'messaging.message.id': createdBy.id } : {}) };
  const { span, context } = startSpan(`deliver ${field ?? 'subscription'}`, { kind: SpanKind.CONSUMER, attributes, createdBy });
  let outcome = 'dropped';
  return {
    context,
    delivered: (result) => {
      outcome = 'delivered';
      if (result.errors?.length) span.setStatus({ code: SpanStatusCode.ERROR, message: result.errors[0].message });
    },
    end: () => {
      span.setAttribute('caregraph.delivery.outcome', outcome);
      span.end();
    },
  };
}
