import { connect, type ConfirmChannel, type RecoveringChannelModel, type RecoveryOptions } from 'amqplib';
import { createLogger, type Logger } from '../logger';
import { AmqpConsumer } from './AmqpConsumer';
import { BrokerError, brokerErrors } from './BrokerError';
import type { ConsumeOptions, ConsumerHandle, MessageBroker, MessageHandler, PublishRequest } from './MessageBroker';
import type { TopologySpec } from './TopologySpec';

export interface AmqpBrokerOptions {
  logger?: Logger;
  /**
   * amqplib connection recovery. Default: retry the first connection 3 times, then
   * reconnect forever with backoff capped at 5 s.
   */
  recovery?: RecoveryOptions;
}

type ChannelError = Error & { code?: number };

/** The confirm channel all publishes share, plus what it learned from basic.return and channel errors. */
interface Publisher {
  channel: ConfirmChannel;
  /** messageId → count of returned (unroutable) messages whose confirm has not arrived yet */
  returned: Map<string, number>;
  lastError?: ChannelError;
}

/**
 * RabbitMQ through amqplib: one confirm channel for publishing (mandatory, persistent), one
 * channel per consumer. The connection reconnects on its own; channels are reopened lazily
 * and asserted topologies declared again after each reconnect.
 */
export class AmqpBroker implements MessageBroker {
  private publisher?: Promise<Publisher>;
  private latestPublisher?: Publisher;
  private readonly topologies = new Set<TopologySpec>();
  private readonly consumers = new Set<AmqpConsumer>();
  private closed = false;

  private constructor(
    private readonly model: RecoveringChannelModel,
    private readonly logger: Logger,
  ) {
    model.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ connection error'));
    model.on('disconnect', (error: Error) => logger.warn({ err: error }, 'RabbitMQ connection lost; reconnecting'));
    model.on('reconnect-failed', (error: Error) => logger.error({ err: error }, 'RabbitMQ reconnection abandoned'));
    model.on('connect', () => void this.reassertTopologies());
  }

  static async connect(url: string, options: AmqpBrokerOptions = {}): Promise<AmqpBroker> {
    const recovery: RecoveryOptions = { initialMaxRetries: 3, maxDelay: 5000, ...options.recovery };
    try {
      const model = await connect(url, { recovery });
      return new AmqpBroker(model, options.logger ?? createLogger('amqp-broker'));
    } catch (error) {
      throw brokerErrors.failure('Connecting to RabbitMQ', error);
    }
  }

  async assertTopology(spec: TopologySpec): Promise<void> {
    this.ensureOpen();
    await this.declare(spec);
    this.topologies.add(spec);
  }

  async publish(request: PublishRequest): Promise<void> {
    this.ensureOpen();
    const publisher = await this.openPublisher();
    const { exchange, routingKey, messageId } = request;
    await new Promise<void>((resolve, reject) => {
      const options = {
        persistent: true,
        mandatory: true,
        messageId,
        headers: request.headers,
        contentType: request.contentType ?? 'application/json',
      };
      try {
        publisher.channel.publish(exchange, routingKey, request.body, options, (error: unknown) => {
          // RabbitMQ sends basic.return before the basic.ack of the same message.
          if (takeReturned(publisher, messageId)) return reject(brokerErrors.unroutable(exchange, routingKey));
          if (!error) return resolve();
          reject(publishError(publisher, exchange, routingKey, error));
        });
      } catch (error) {
        reject(brokerErrors.failure('Publishing', error));
      }
    });
  }

  async consume(queue: string, handler: MessageHandler, options: ConsumeOptions = {}): Promise<ConsumerHandle> {
    this.ensureOpen();
    const consumer = new AmqpConsumer(this.model, queue, handler, options.prefetch ?? 10, this.logger);
    await consumer.start();
    this.consumers.add(consumer);
    return {
      cancel: async () => {
        this.consumers.delete(consumer);
        await consumer.cancel();
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.consumers].map((consumer) => consumer.cancel()));
    const publisher = await this.publisher?.catch(() => undefined);
    await publisher?.channel.close().catch(() => undefined);
    await this.model.close().catch(() => undefined);
  }

  private ensureOpen(): void {
    if (this.closed) throw brokerErrors.closed();
  }

  private openPublisher(): Promise<Publisher> {
    this.publisher ??= this.createPublisher().catch((error) => {
      this.publisher = undefined;
      throw brokerErrors.failure('Opening a publish channel', error);
    });
    return this.publisher;
  }

  private async createPublisher(): Promise<Publisher> {
    const channel = await this.model.createConfirmChannel();
    const publisher: Publisher = { channel, returned: new Map() };
    channel.on('return', (message) => {
      const id = String(message.properties.messageId);
      publisher.returned.set(id, (publisher.returned.get(id) ?? 0) + 1);
    });
    channel.on('error', (error: ChannelError) => {
      publisher.lastError = error;
      this.logger.warn({ err: error }, 'RabbitMQ publish channel closed by the server');
    });
    // A closed channel is replaced by the next publish.
    channel.on('close', () => {
      if (this.latestPublisher === publisher) this.publisher = undefined;
    });
    this.latestPublisher = publisher;
    return publisher;
  }

  private async declare(spec: TopologySpec): Promise<void> {
    let channel;
    try {
      channel = await this.model.createChannel();
      channel.on('error', () => undefined); // the failing operation's promise reports it
      for (const { name, type } of spec.exchanges) await channel.assertExchange(name, type, { durable: true });
      for (const queue of spec.queues) {
        const args: Record<string, unknown> = {};
        if (queue.type !== 'classic') args['x-queue-type'] = 'quorum';
        if (queue.deadLetterExchange) args['x-dead-letter-exchange'] = queue.deadLetterExchange;
        if (queue.deadLetterRoutingKey) args['x-dead-letter-routing-key'] = queue.deadLetterRoutingKey;
        await channel.assertQueue(queue.name, { durable: true, arguments: args });
      }
      for (const { source, destination, destinationType, pattern } of spec.bindings) {
        if (destinationType === 'queue') await channel.bindQueue(destination, source, pattern);
        else await channel.bindExchange(destination, source, pattern);
      }
    } catch (error) {
      const code = (error as { code?: number }).code;
      if (code === 404) throw new BrokerError('NOT_FOUND', `Declaring the topology failed: ${(error as Error).message}`, { cause: error });
      throw brokerErrors.failure('Declaring the topology', error);
    } finally {
      await channel?.close().catch(() => undefined);
    }
  }

  private async reassertTopologies(): Promise<void> {
    for (const spec of this.topologies) {
      await this.declare(spec).catch((error) => this.logger.error({ err: error }, 'Declaring the topology after a reconnect failed'));
    }
  }
}

function takeReturned(publisher: Publisher, messageId: string): boolean {
  const count = publisher.returned.get(messageId);
  if (!count) return false;
  if (count === 1) publisher.returned.delete(messageId);
  else publisher.returned.set(messageId, count - 1);
  return true;
}

function publishError(publisher: Publisher, exchange: string, routingKey: string, error: unknown): BrokerError {
  if ((error as Error)?.message === 'message nacked') return brokerErrors.nacked(exchange, routingKey);
  const cause = publisher.lastError;
  if (cause?.code === 404 && cause.message.includes(`'${exchange}'`)) return brokerErrors.exchangeNotFound(exchange, cause);
  return brokerErrors.failure('Publishing', cause ?? error);
}
