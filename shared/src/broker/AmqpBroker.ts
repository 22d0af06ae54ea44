import { connect, type ConfirmChannel, type RecoveringChannelModel, type RecoveryOptions } from 'amqplib';
import { createLogger, type Logger } from '../logger';
import { AmqpConsumer } from './AmqpConsumer';
import { declareTopology } from './declareTopology';
import { BrokerError, brokerErrors } from './BrokerError';
import { describeMismatch, type TopologyReport } from './TopologyReport';
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
  /** False from a disconnect until the next reconnect: publishes fail at once meanwhile. */
  private connected = true;

  private constructor(
    private readonly model: RecoveringChannelModel,
    private readonly logger: Logger,
  ) {
    model.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ connection error'));
    model.on('disconnect', (error: Error) => {
      this.connected = false;
      logger.warn({ err: error }, 'RabbitMQ connection lost; reconnecting');
    });
    model.on('reconnect-failed', (error: Error) => logger.error({ err: error }, 'RabbitMQ reconnection abandoned'));
    model.on('connect', () => {
      this.connected = true;
      logger.info('RabbitMQ connection (re)established');
      void this.reassertTopologies();
    });
  }

  static async connect(url: string, options: AmqpBrokerOptions = {}): Promise<AmqpBroker> {
    const recovery: RecoveryOptions = { initialMaxRetries: 3, maxDelay: 5000, ...options.recovery };
    try {
      // Without noDelay amqplib leaves Nagle on: a frame written while an earlier one waits for
      // its TCP ack (say a publish right after an ack) sits out the server's delayed ack, ~40 ms.
      const model = await connect(url, { recovery, noDelay: true });
      return new AmqpBroker(model, options.logger ?? createLogger('amqp-broker'));
    } catch (error) {
      throw brokerErrors.failure('Connecting to RabbitMQ', error);
    }
  }

  async assertTopology(spec: TopologySpec): Promise<TopologyReport> {
    this.ensureOpen();
    const report = await this.declare(spec);
    this.topologies.add(spec);
    return report;
  }

  /** Whether the connection is up right now (it recovers on its own when it is not). */
  isConnected(): boolean {
    return this.connected && !this.closed;
  }

  async publish(request: PublishRequest): Promise<void> {
    this.ensureOpen();
    if (!this.connected) throw brokerErrors.unavailable(`Publishing "${request.routingKey}"`);
    const publisher = await this.openPublisher();
    const { exchange, routingKey, messageId } = request;
    await new Promise<void>((resolve, reject) => {
      const options = {
        persistent: true,
        mandatory: true,
        messageId,
        headers: request.headers,
        contentType: request.contentType ?? 'application/json',
        ...(request.expirationMs !== undefined ? { expiration: String(Math.max(0, Math.round(request.expirationMs))) } : {}),
      };
      try {
        publisher.channel.publish(exchange, routingKey, request.body, options, (error: unknown) => {
          // RabbitMQ sends basic.return before the basic.ack of the same message.
          if (takeReturned(publisher, messageId)) return reject(brokerErrors.unroutable(exchange, routingKey));
          if (!error) return resolve();
          reject(publishError(publisher, exchange, routingKey, error));
        });
      } catch (error) {
        // amqplib throws synchronously only when the channel is already closed.
        reject(brokerErrors.unavailable('Publishing', error));
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
      throw brokerErrors.unavailable('Opening a publish channel', error);
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

  private async declare(spec: TopologySpec): Promise<TopologyReport> {
    const report = await declareTopology(this.model, spec);
    for (const mismatch of report.mismatches) this.logger.error({ mismatch }, `RabbitMQ topology mismatch: ${describeMismatch(mismatch)}`);
    return report;
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

/** AMQP channel-level errors: the broker refused this channel's request, the connection is fine. */
const CHANNEL_ERRORS = new Set([403, 404, 405, 406]);

function publishError(publisher: Publisher, exchange: string, routingKey: string, error: unknown): BrokerError {
  if ((error as Error)?.message === 'message nacked') return brokerErrors.nacked(exchange, routingKey);
  const cause = publisher.lastError;
  if (cause?.code === 404 && cause.message.includes(`'${exchange}'`)) return brokerErrors.exchangeNotFound(exchange, cause);
  // The channel went down with the connection (or a connection-level close): outcome unknown.
  if (!cause?.code || !CHANNEL_ERRORS.has(cause.code)) return brokerErrors.unavailable('Publishing', cause ?? error);
  return brokerErrors.failure('Publishing', cause);
}
