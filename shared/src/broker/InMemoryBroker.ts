import { brokerErrors } from './BrokerError';
import type { BrokerMessage, ConsumeOptions, ConsumerHandle, MessageBroker, MessageHandler, PublishRequest } from './MessageBroker';
import { topicMatches } from './topicMatches';
import { describeQueue, type TopologyMismatch, type TopologyReport } from './TopologyReport';
import type { BindingSpec, ExchangeSpec, QueueSpec, TopologySpec } from './TopologySpec';

interface MemoryConsumer {
  handler: MessageHandler;
  prefetch: number;
  inFlight: number;
}

interface MemoryQueue {
  spec: QueueSpec;
  messages: BrokerMessage[];
  consumers: MemoryConsumer[];
  next: number;
}

/**
 * In-process broker with RabbitMQ's routing (topic, fanout, direct, exchange-to-exchange),
 * asynchronous delivery, prefetch, acknowledgement, per-message TTL and dead-lettering. For embedded mode and
 * unit tests; it keeps nothing across restarts.
 */
export class InMemoryBroker implements MessageBroker {
  private readonly exchanges = new Map<string, ExchangeSpec>();
  private readonly queues = new Map<string, MemoryQueue>();
  private readonly bindings: BindingSpec[] = [];
  /** Per-message TTL timers of messages still queued. */
  private readonly expiries = new Map<BrokerMessage, NodeJS.Timeout>();
  private closed = false;

  async assertTopology(spec: TopologySpec): Promise<TopologyReport> {
    this.ensureOpen();
    const mismatches: TopologyMismatch[] = [];
    for (const exchange of spec.exchanges) {
      const existing = this.exchanges.get(exchange.name);
      if (!existing) this.exchanges.set(exchange.name, exchange);
      else if (existing.type !== exchange.type) {
        mismatches.push({ kind: 'exchange', name: exchange.name, declared: exchange.type, reason: `exists as ${existing.type}` });
      }
    }
    for (const queue of spec.queues) {
      const existing = this.queues.get(queue.name);
      if (!existing) this.queues.set(queue.name, { spec: queue, messages: [], consumers: [], next: 0 });
      else if (describeQueue(existing.spec) !== describeQueue(queue)) {
        mismatches.push({ kind: 'queue', name: queue.name, declared: describeQueue(queue), reason: `exists as ${describeQueue(existing.spec)}` });
      }
    }
    for (const binding of spec.bindings) {
      if (!this.exchanges.has(binding.source)) throw brokerErrors.exchangeNotFound(binding.source);
      const known = binding.destinationType === 'queue' ? this.queues.has(binding.destination) : this.exchanges.has(binding.destination);
      if (!known) throw binding.destinationType === 'queue' ? brokerErrors.queueNotFound(binding.destination) : brokerErrors.exchangeNotFound(binding.destination);
      if (!this.bindings.some((b) => sameBinding(b, binding))) this.bindings.push(binding);
    }
    return { mismatches };
  }

  async publish(request: PublishRequest): Promise<void> {
    this.ensureOpen();
    if (!this.exchanges.has(request.exchange)) throw brokerErrors.exchangeNotFound(request.exchange);
    const targets = this.route(request.exchange, request.routingKey, new Set());
    if (targets.size === 0) throw brokerErrors.unroutable(request.exchange, request.routingKey);
    for (const name of targets) {
      this.enqueue(
        name,
        {
          body: Buffer.from(request.body),
          messageId: request.messageId,
          exchange: request.exchange,
          routingKey: request.routingKey,
          headers: { ...request.headers },
          contentType: request.contentType ?? 'application/json',
          redelivered: false,
        },
        request.expirationMs,
      );
    }
  }

  async consume(queue: string, handler: MessageHandler, options: ConsumeOptions = {}): Promise<ConsumerHandle> {
    this.ensureOpen();
    const target = this.queues.get(queue);
    if (!target) throw brokerErrors.queueNotFound(queue);
    const consumer: MemoryConsumer = { handler, prefetch: options.prefetch ?? 10, inFlight: 0 };
    target.consumers.push(consumer);
    this.schedule(target);
    return {
      cancel: async () => {
        target.consumers = target.consumers.filter((c) => c !== consumer);
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.expiries.values()) clearTimeout(timer);
    this.expiries.clear();
    for (const queue of this.queues.values()) queue.consumers = [];
  }

  private ensureOpen(): void {
    if (this.closed) throw brokerErrors.closed();
  }

  private route(exchange: string, routingKey: string, visited: Set<string>): Set<string> {
    const found = new Set<string>();
    const type = this.exchanges.get(exchange)?.type;
    if (!type || visited.has(exchange)) return found;
    visited.add(exchange);
    for (const binding of this.bindings) {
      if (binding.source !== exchange || !bindingMatches(type, binding.pattern, routingKey)) continue;
      if (binding.destinationType === 'queue') found.add(binding.destination);
      else for (const queue of this.route(binding.destination, routingKey, visited)) found.add(queue);
    }
    return found;
  }

  private enqueue(queueName: string, message: BrokerMessage, expirationMs?: number): void {
    const queue = this.queues.get(queueName);
    if (!queue) return;
    queue.messages.push(message);
    if (expirationMs !== undefined) this.expireLater(queue, message, expirationMs);
    this.schedule(queue);
  }

  // As in RabbitMQ, only a message still waiting in the queue expires; one handed to a consumer does not.
  private expireLater(queue: MemoryQueue, message: BrokerMessage, expirationMs: number): void {
    const timer = setTimeout(() => {
      this.expiries.delete(message);
      const index = queue.messages.indexOf(message);
      if (index < 0 || this.closed) return;
      queue.messages.splice(index, 1);
      this.deadLetter(queue, message, 'expired');
    }, Math.max(0, expirationMs));
    this.expiries.set(message, timer);
  }

  // Deliveries always start on a later tick, as with a real broker: a publisher never runs
  // its consumers' code inside its own call stack.
  private schedule(queue: MemoryQueue): void {
    setImmediate(() => this.dispatch(queue));
  }

  private dispatch(queue: MemoryQueue): void {
    while (queue.messages.length > 0 && !this.closed) {
      const consumer = this.nextFreeConsumer(queue);
      if (!consumer) return;
      const message = queue.messages.shift()!;
      clearTimeout(this.expiries.get(message));
      this.expiries.delete(message);
      consumer.inFlight++;
      Promise.resolve()
        .then(() => consumer.handler(message))
        .catch(() => this.deadLetter(queue, message, 'rejected'))
        .finally(() => {
          consumer.inFlight--;
          this.dispatch(queue);
        });
    }
  }

  private nextFreeConsumer(queue: MemoryQueue): MemoryConsumer | undefined {
    for (let i = 0; i < queue.consumers.length; i++) {
      const consumer = queue.consumers[(queue.next + i) % queue.consumers.length];
      if (consumer.inFlight < consumer.prefetch) {
        queue.next = (queue.next + i + 1) % queue.consumers.length;
        return consumer;
      }
    }
    return undefined;
  }

  // The copy carries no TTL, as RabbitMQ drops a dead-lettered message's expiration.
  private deadLetter(queue: MemoryQueue, message: BrokerMessage, reason: 'rejected' | 'expired'): void {
    const exchange = queue.spec.deadLetterExchange;
    if (!exchange) return;
    const routingKey = queue.spec.deadLetterRoutingKey ?? message.routingKey;
    const headers = { ...message.headers, 'x-first-death-queue': queue.spec.name, 'x-first-death-reason': reason };
    for (const target of this.route(exchange, routingKey, new Set())) {
      this.enqueue(target, { ...message, exchange, routingKey, redelivered: false, headers });
    }
  }
}

function bindingMatches(type: ExchangeSpec['type'], pattern: string, routingKey: string): boolean {
  if (type === 'fanout') return true;
  if (type === 'direct') return pattern === routingKey;
  return topicMatches(pattern, routingKey);
}

function sameBinding(a: BindingSpec, b: BindingSpec): boolean {
  return a.source === b.source && a.destination === b.destination && a.destinationType === b.destinationType && a.pattern === b.pattern;
}
