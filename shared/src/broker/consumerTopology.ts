import { topologyNames } from '../topology';
import type { BindingSpec, QueueSpec, TopologySpec } from './TopologySpec';

/** Retry delay queues per consumer queue when none are asked for (delays of about 1 s, 10 s, 60 s). */
export const DEFAULT_RETRY_LEVELS = 3;

/**
 * Names of the retry plumbing: the `retry` direct exchange and, per consumer queue, the delay
 * queues `retry.<queue>.<n>` (n from 0). Queue arguments take the namespaced queue name.
 */
export function retryNames(namespace = '') {
  const bare = (queue: string) => (queue.startsWith(namespace) ? queue.slice(namespace.length) : queue);
  return {
    exchange: `${namespace}retry`,
    delayQueue: (queue: string, level: number) => `${namespace}retry.${bare(queue)}.${level}`,
  };
}

export interface ConsumerQueueSpec {
  /** The namespaced queue name, e.g. `ns.audit.log`. */
  queue: string;
  /** Where it is fed from, e.g. `[{ source: 'ns.domain.events', pattern: '#' }]`. */
  sources: { source: string; pattern: string }[];
  /** Delay queues to declare; 0 for a queue without retries (no retry delays configured). */
  retryLevels: number;
}

/**
 * One consumer queue and its failure plumbing, all durable quorum queues:
 * - the queue, dead-lettering (on reject) to `dlx` as `dlq.<queue>`, and `dlq.<queue>`;
 * - with retries, the queue is also bound to the `retry` direct exchange by its own name, and
 *   each delay queue `retry.<queue>.<n>` (bound to `retry` by its own name) dead-letters
 *   expired messages to `retry` with the queue's name as key. A message published with a TTL to
 *   a delay queue therefore comes back to this queue only, not to every queue bound to
 *   `domain.events`. The TTL is per message, so changing the delays needs no redeclaration.
 */
export function consumerQueueTopology(namespace: string, spec: ConsumerQueueSpec): TopologySpec {
  const names = topologyNames(namespace);
  const retry = retryNames(namespace);
  const dlq = names.deadLetterQueue(spec.queue);
  const queues: QueueSpec[] = [{ name: spec.queue, deadLetterExchange: names.dlx, deadLetterRoutingKey: dlq }, { name: dlq }];
  const bindings: BindingSpec[] = [
    ...spec.sources.map(({ source, pattern }): BindingSpec => ({ source, destination: spec.queue, destinationType: 'queue', pattern })),
    { source: names.dlx, destination: dlq, destinationType: 'queue', pattern: dlq },
  ];
  if (spec.retryLevels > 0) {
    bindings.push({ source: retry.exchange, destination: spec.queue, destinationType: 'queue', pattern: spec.queue });
    for (let level = 0; level < spec.retryLevels; level++) {
      const delayQueue = retry.delayQueue(spec.queue, level);
      queues.push({ name: delayQueue, deadLetterExchange: retry.exchange, deadLetterRoutingKey: spec.queue });
      bindings.push({ source: retry.exchange, destination: delayQueue, destinationType: 'queue', pattern: delayQueue });
    }
  }
  return {
    exchanges: [
      { name: names.dlx, type: 'direct' },
      ...(spec.retryLevels > 0 ? [{ name: retry.exchange, type: 'direct' as const }] : []),
    ],
    queues,
    bindings,
  };
}
