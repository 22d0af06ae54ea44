import type { QueueSpec } from './TopologySpec';

/** One declaration the broker refused because something of that name exists with other settings. */
export interface TopologyMismatch {
  kind: 'exchange' | 'queue' | 'binding';
  name: string;
  /** What was asked for, e.g. `topic` or `quorum, dead-letter to dlx`. */
  declared: string;
  /** The broker's words (RabbitMQ's PRECONDITION_FAILED text). */
  reason: string;
}

/**
 * The outcome of `assertTopology`: everything else was declared; each mismatch was left as the
 * broker has it (nothing is deleted or redeclared), so an operator must reconcile it.
 */
export interface TopologyReport {
  mismatches: TopologyMismatch[];
}

/** One line per mismatch, for logs and /health. */
export function describeMismatch(mismatch: TopologyMismatch): string {
  return `${mismatch.kind} "${mismatch.name}" exists with other settings than declared (${mismatch.declared}): ${mismatch.reason}`;
}

/** A queue's declared settings in words: `quorum, dead-letter to dlx as dlq.audit.log`. */
export function describeQueue(queue: QueueSpec): string {
  const parts: string[] = [queue.type ?? 'quorum'];
  if (queue.deadLetterExchange) parts.push(`dead-letter to ${queue.deadLetterExchange}`);
  if (queue.deadLetterRoutingKey) parts.push(`as ${queue.deadLetterRoutingKey}`);
  return parts.join(', ');
}
