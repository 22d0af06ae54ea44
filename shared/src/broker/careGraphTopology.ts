import { topologyNames } from '../topology';
import { consumerQueueTopology, DEFAULT_RETRY_LEVELS, retryNames } from './consumerTopology';
import { mergeTopology, type TopologySpec } from './TopologySpec';

/**
 * CareGraph's RabbitMQ topology (docs/architecture.md): `domain.events` topic, `commands` topic, `audit` fanout fed
 * from it exchange-to-exchange, `notifications` direct, `dlx` direct, `retry` direct, and one
 * durable quorum queue per consumer role, each dead-lettering to its own `dlq.<queue>`; the
 * roles run by the consumer runtime also get `retryLevels` delay queues (consumerQueueTopology).
 */
export function careGraphTopology(namespace = '', options: { retryLevels?: number } = {}): TopologySpec {
  const names = topologyNames(namespace);
  const retryLevels = options.retryLevels ?? DEFAULT_RETRY_LEVELS;
  const { auditLog, notificationsDomain, sagasBooking, careCommands, billingCommands, webhookFanout, webhookDeliveries } = names.queues;
  const consumers: [queue: string, sources: { source: string; pattern: string }[], retryLevels: number][] = [
    [auditLog, [{ source: names.audit, pattern: '' }], retryLevels],
    // Bound by their consumers to just the event types they handle (ConsumerDefinition.bindings).
    [notificationsDomain, [], retryLevels],
    [sagasBooking, [], retryLevels],
    // Bound by their consumers to their own commands on `commands` (ADR 0010).
    [careCommands, [], retryLevels],
    [billingCommands, [], retryLevels],
    // The webhooks role's: circle events in, then its own deliveries on `commands` (ADR 0014);
    // the delivery queue's consumer declares the delay queues of its own schedule.
    [webhookFanout, [], retryLevels],
    [webhookDeliveries, [], retryLevels],
  ];
  const base: TopologySpec = {
    exchanges: [
      { name: names.domainEvents, type: 'topic' },
      { name: names.commands, type: 'topic' },
      { name: names.audit, type: 'fanout' },
      { name: names.notifications, type: 'direct' },
      { name: names.dlx, type: 'direct' },
      { name: retryNames(namespace).exchange, type: 'direct' },
    ],
    queues: [],
    bindings: [{ source: names.domainEvents, destination: names.audit, destinationType: 'exchange', pattern: '#' }],
  };
  const merged = mergeTopology(
    base,
    ...consumers.map(([queue, sources, levels]) => consumerQueueTopology(namespace, { queue, sources, retryLevels: levels })),
  );
  return dedupeExchanges(merged);
}

/** Each exchange once (consumer topologies repeat `dlx` and `retry`). */
export function dedupeExchanges(spec: TopologySpec): TopologySpec {
  const seen = new Set<string>();
  return { ...spec, exchanges: spec.exchanges.filter(({ name }) => !seen.has(name) && seen.add(name)) };
}
