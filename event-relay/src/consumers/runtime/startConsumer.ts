import {
  consumerQueueTopology,
  createLogger,
  dedupeExchanges,
  mergeTopology,
  topologyNames,
  type ConsumerDefinition,
  type Logger,
  type MessageBroker,
  type TopologyReport,
  type TopologySpec,
} from '@caregraph/shared';
import type { ConsumerMetrics } from './ConsumerMetrics';
import { DeliveryProcessor } from './DeliveryProcessor';
import { assertSchemaName } from './recordInInbox';

/** About 1 s, 10 s and 60 s: four attempts in all before the dead letters. */
export const DEFAULT_RETRY_DELAYS_MS = [1000, 10_000, 60_000];

export interface ConsumerRetryOptions {
  /** Delay before each retry; its length is the number of retries. Default DEFAULT_RETRY_DELAYS_MS; a definition's own `retryDelaysMs` wins. */
  delaysMs?: number[];
  /** Deliveries handled at once by this process. Default 10. */
  prefetch?: number;
}

export interface StartConsumerOptions {
  broker: MessageBroker;
  /** Prefix of exchanges and queues (CareGraphConfig.namespace). */
  namespace: string;
  retry?: ConsumerRetryOptions;
  logger?: Logger;
  metrics?: ConsumerMetrics;
}

export interface RunningConsumer {
  name: string;
  /** The namespaced queue it consumes. */
  queue: string;
  /** What declaring its queue, delay queues and dead-letter queue found. */
  topology: TopologyReport;
  /** Stops deliveries; those in flight finish (and are acknowledged) first on RabbitMQ. */
  stop(): Promise<void>;
}

/**
 * Runs one ConsumerDefinition: declares its queue with its retry and dead-letter plumbing
 * (idempotent), then consumes it through DeliveryProcessor. Retries and dead letters live in
 * RabbitMQ, so nothing is lost when the process stops or dies.
 */
export async function startConsumer(definition: ConsumerDefinition, options: StartConsumerOptions): Promise<RunningConsumer> {
  assertSchemaName(definition.inboxSchema);
  const delaysMs = definition.retryDelaysMs ?? options.retry?.delaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  if (delaysMs.some((delay) => !(delay >= 0))) throw new Error(`Retry delays must be non-negative numbers: ${delaysMs.join(', ')}`);
  const logger = (options.logger ?? createLogger('consumer')).child({ consumer: definition.name });
  const queue = `${options.namespace}${definition.queue}`;
  const topology = await options.broker.assertTopology(consumerTopology(definition, options.namespace, delaysMs.length));
  const processor = new DeliveryProcessor(definition, { broker: options.broker, namespace: options.namespace, queue, delaysMs, logger, metrics: options.metrics });
  const handle = await options.broker.consume(queue, (message) => processor.process(message), { prefetch: options.retry?.prefetch ?? 10 });
  logger.info({ queue, delaysMs }, 'consumer started');
  return { name: definition.name, queue, topology, stop: () => handle.cancel() };
}

/** The definition's queue, delay queues, dead-letter queue and bindings (on `domain.events` unless it names another exchange). */
export function consumerTopology(definition: Pick<ConsumerDefinition, 'queue' | 'bindings' | 'exchange'>, namespace: string, retryLevels: number): TopologySpec {
  const exchange = definition.exchange ? `${namespace}${definition.exchange}` : topologyNames(namespace).domainEvents;
  const patterns = definition.bindings ?? [];
  const source: TopologySpec = {
    exchanges: patterns.length ? [{ name: exchange, type: 'topic' }] : [],
    queues: [],
    bindings: [],
  };
  const queue = consumerQueueTopology(namespace, {
    queue: `${namespace}${definition.queue}`,
    sources: patterns.map((pattern) => ({ source: exchange, pattern })),
    retryLevels,
  });
  return dedupeExchanges(mergeTopology(source, queue));
}
