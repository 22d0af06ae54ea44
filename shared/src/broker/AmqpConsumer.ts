import type { Channel, ConsumeMessage, RecoveringChannelModel } from 'amqplib';
import type { Logger } from '../logger';
import { BrokerError, brokerErrors } from './BrokerError';
import type { BrokerMessage, MessageHandler } from './MessageBroker';

const MAX_RESTART_DELAY_MS = 30_000;

/**
 * One consumer on its own channel (prefetch is per channel). When the channel or the
 * connection goes away, it reopens with backoff until cancelled; unacknowledged messages
 * are redelivered by RabbitMQ meanwhile.
 */
export class AmqpConsumer {
  private channel?: Channel;
  private consumerTag?: string;
  private cancelled = false;
  private restartTimer?: NodeJS.Timeout;
  private restartAttempt = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly model: RecoveringChannelModel,
    private readonly queue: string,
    private readonly handler: MessageHandler,
    private readonly prefetch: number,
    private readonly logger: Logger,
  ) {}

  /** Opens the channel and starts consuming; the first failure is reported to the caller. */
  async start(): Promise<void> {
    let channel: Channel | undefined;
    try {
      channel = await this.model.createChannel();
      let serverError: (Error & { code?: number }) | undefined;
      channel.on('error', (error: Error) => {
        serverError = error;
        this.logger.warn({ err: error, queue: this.queue }, 'RabbitMQ consumer channel closed by the server');
      });
      channel.on('close', () => this.onChannelClosed(channel!));
      await channel.prefetch(this.prefetch);
      const reply = await channel
        .consume(this.queue, (message) => this.onMessage(channel!, message))
        .catch((error) => {
          throw serverError?.code === 404 || error?.code === 404 ? brokerErrors.queueNotFound(this.queue, error) : error;
        });
      if (this.cancelled) return void (await channel.close().catch(() => undefined));
      this.channel = channel;
      this.consumerTag = reply.consumerTag;
      this.restartAttempt = 0;
    } catch (error) {
      await channel?.close().catch(() => undefined);
      throw error instanceof BrokerError ? error : brokerErrors.failure(`Consuming from ${this.queue}`, error);
    }
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    clearTimeout(this.restartTimer);
    const { channel, consumerTag } = this;
    if (!channel) return;
    if (consumerTag) await channel.cancel(consumerTag).catch(() => undefined);
    // Let deliveries in flight finish so their acks reach the broker before the channel closes.
    await Promise.allSettled([...this.inFlight]);
    await channel.close().catch(() => undefined);
  }

  private onMessage(channel: Channel, raw: ConsumeMessage | null): void {
    // null: the server cancelled the consumer (e.g. the queue was deleted).
    if (!raw) return void channel.close().catch(() => undefined);
    const message: BrokerMessage = {
      body: raw.content,
      messageId: raw.properties.messageId,
      exchange: raw.fields.exchange,
      routingKey: raw.fields.routingKey,
      headers: raw.properties.headers ?? {},
      contentType: raw.properties.contentType,
      redelivered: raw.fields.redelivered,
    };
    const work = Promise.resolve()
      .then(() => this.handler(message))
      .then(
        () => channel.ack(raw),
        (error) => {
          this.logger.warn({ err: error, queue: this.queue, messageId: message.messageId }, 'Handler failed; rejecting the message');
          channel.nack(raw, false, false);
        },
      )
      .catch((error) => this.logger.warn({ err: error, queue: this.queue }, 'Acknowledging failed; RabbitMQ will redeliver'))
      .finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
  }

  private onChannelClosed(channel: Channel): void {
    if (this.channel !== channel || this.cancelled) return;
    this.channel = undefined;
    this.consumerTag = undefined;
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    this.restartAttempt++;
    const delay = Math.min(MAX_RESTART_DELAY_MS, 250 * 2 ** (this.restartAttempt - 1));
    this.restartTimer = setTimeout(() => {
      if (this.cancelled) return;
      this.start().catch((error) => {
        this.logger.warn({ err: error, queue: this.queue }, 'Restarting the consumer failed; retrying');
        if (!this.cancelled) this.scheduleRestart();
      });
    }, delay);
  }
}
