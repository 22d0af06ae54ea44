import { topologyNames } from '../topology';
import type { BindingSpec, QueueSpec, TopologySpec } from './TopologySpec';

/**
 * CareGraph's RabbitMQ topology (ARCHITECTURE.md): `domain.events` topic, `audit` fanout fed
 * from it exchange-to-exchange, `notifications` direct, `dlx` direct, and one durable quorum
 * queue per consumer role, each dead-lettering to its own `dlq.<queue>`.
 */
export function careGraphTopology(namespace = ''): TopologySpec {
  const names = topologyNames(namespace);
  const { realtimeBridge, auditLog, notificationsDomain, sagasBooking } = names.queues;
  const consumers: [queue: string, source: string, pattern: string][] = [
    [realtimeBridge, names.domainEvents, '#'],
    [auditLog, names.audit, ''],
    // Narrower patterns arrive with the notification and saga consumers.
    [notificationsDomain, names.domainEvents, '#'],
    [sagasBooking, names.domainEvents, '#'],
  ];
  const queues: QueueSpec[] = [];
  const bindings: BindingSpec[] = [
    { source: names.domainEvents, destination: names.audit, destinationType: 'exchange', pattern: '#' },
  ];
  for (const [queue, source, pattern] of consumers) {
    const dlq = names.deadLetterQueue(queue);
    queues.push({ name: queue, deadLetterExchange: names.dlx, deadLetterRoutingKey: dlq }, { name: dlq });
    bindings.push(
      { source, destination: queue, destinationType: 'queue', pattern },
      { source: names.dlx, destination: dlq, destinationType: 'queue', pattern: dlq },
    );
  }
  return {
    exchanges: [
      { name: names.domainEvents, type: 'topic' },
      { name: names.audit, type: 'fanout' },
      { name: names.notifications, type: 'direct' },
      { name: names.dlx, type: 'direct' },
    ],
    queues,
    bindings,
  };
}
