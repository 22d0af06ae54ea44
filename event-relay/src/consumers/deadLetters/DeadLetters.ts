import { connect, type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';
import { retryNames, topologyNames } from '@caregraph/shared';
import { cleanHeaders, failureHeaders, headerText } from '../runtime/failureHeaders';

/** One message in a dead-letter queue, as `dlq:list` shows it. */
export interface DeadLetter {
  /** The dead-letter queue, e.g. `dlq.audit.log` (namespaced). */
  queue: string;
  /** The message id (the CloudEvent id). */
  id: string;
  /** The CloudEvent type, or `?` when the body is not one. */
  type: string;
  error: string;
  attempts: number;
  firstFailedAt?: string;
  originalRoutingKey?: string;
}

/** The consumer queues (without namespace) whose dead letters the commands cover by default. */
export function consumerQueues(): string[] {
  return Object.values(topologyNames('').queues);
}

/**
 * Operator access to the dead-letter queues on RabbitMQ. Listing takes every message without
 * acknowledging it and hands them all back when done, so they stay where they were; replay
 * republishes a dead letter to its consumer's queue only (through the `retry` exchange) with
 * its attempts reset, and acknowledges it after the broker confirmed the copy.
 */
export class DeadLetters {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly namespace: string,
  ) {}

  static async connect(url: string, namespace = ''): Promise<DeadLetters> {
    return new DeadLetters(await connect(url), namespace);
  }

  async list(queues: string[] = consumerQueues()): Promise<DeadLetter[]> {
    const found: DeadLetter[] = [];
    for (const queue of queues) {
      await this.browse(queue, async (messages) => {
        found.push(...messages.map((message) => describe(this.dlqOf(queue), message)));
      });
    }
    return found;
  }

  /** Moves the dead letters with id `target` (or all, for `all`) back to their consumer queues; returns their ids. */
  async replay(target: string, queues: string[] = consumerQueues()): Promise<string[]> {
    const replayed: string[] = [];
    for (const queue of queues) {
      await this.browse(queue, async (messages, channel) => {
        for (const message of messages) {
          if (target !== 'all' && message.properties.messageId !== target) continue;
          await this.republish(channel, this.queueOf(queue), message);
          channel.ack(message);
          replayed.push(String(message.properties.messageId));
        }
      });
    }
    return replayed;
  }

  /** Empties the dead-letter queues; returns how many messages each had. */
  async purge(queues: string[] = consumerQueues()): Promise<Record<string, number>> {
    const purged: Record<string, number> = {};
    for (const queue of queues) {
      const dlq = this.dlqOf(queue);
      await this.withChannel(async (channel) => {
        if (!(await exists(this.connection, dlq))) return;
        purged[dlq] = (await channel.purgeQueue(dlq)).messageCount;
      });
    }
    return purged;
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }

  private queueOf(queue: string): string {
    return `${this.namespace}${queue}`;
  }

  private dlqOf(queue: string): string {
    return topologyNames(this.namespace).deadLetterQueue(this.queueOf(queue));
  }

  /**
   * Gets every message of the queue's dlq unacknowledged, lets `work` ack some, and closes the
   * channel, which hands the rest back to the queue. A missing dlq counts as empty.
   */
  private async browse(queue: string, work: (messages: GetMessage[], channel: ConfirmChannel) => Promise<void>): Promise<void> {
    const dlq = this.dlqOf(queue);
    if (!(await exists(this.connection, dlq))) return;
    await this.withChannel(async (channel) => {
      const messages: GetMessage[] = [];
      for (;;) {
        const message = await channel.get(dlq, { noAck: false });
        if (!message) break;
        messages.push(message);
      }
      await work(messages, channel);
    });
  }

  private async republish(channel: ConfirmChannel, queue: string, message: GetMessage): Promise<void> {
    const { properties } = message;
    const original = properties.headers?.[failureHeaders.originalRoutingKey];
    const headers = {
      ...cleanHeaders(properties.headers ?? {}),
      ...(original !== undefined ? { [failureHeaders.originalRoutingKey]: original } : {}),
      [failureHeaders.replayedAt]: new Date().toISOString(),
    };
    let returned = false;
    const onReturn = () => (returned = true);
    channel.once('return', onReturn);
    try {
      await new Promise<void>((resolve, reject) => {
        channel.publish(
          retryNames(this.namespace).exchange,
          queue,
          message.content,
          { persistent: true, mandatory: true, messageId: properties.messageId, contentType: properties.contentType, headers },
          (error: unknown) => (error ? reject(error) : resolve()),
        );
      });
    } finally {
      channel.removeListener('return', onReturn);
    }
    if (returned) throw new Error(`Queue ${queue} is not bound to the retry exchange: start its consumer once (it declares the topology), then replay.`);
  }

  private async withChannel<T>(work: (channel: ConfirmChannel) => Promise<T>): Promise<T> {
    const channel = await this.connection.createConfirmChannel();
    channel.on('error', () => undefined); // the failing operation reports it
    try {
      return await work(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }
}

async function exists(connection: ChannelModel, queue: string): Promise<boolean> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  try {
    await channel.checkQueue(queue);
    await channel.close();
    return true;
  } catch {
    return false; // a 404 closed the channel
  }
}

function describe(queue: string, message: GetMessage): DeadLetter {
  const headers = message.properties.headers ?? {};
  let type = '?';
  try {
    const parsed = JSON.parse(message.content.toString('utf8'));
    if (typeof parsed?.type === 'string') type = parsed.type;
  } catch {
    // not JSON: shown as '?'
  }
  const death = Array.isArray(headers['x-death']) ? headers['x-death'][0] : undefined;
  return {
    queue,
    id: String(message.properties.messageId ?? '?'),
    type,
    error: headerText(headers[failureHeaders.error]) ?? (death ? `rejected by ${headerText(death.queue)} (${headerText(death.reason)})` : '?'),
    attempts: Number(headers[failureHeaders.attempts] ?? 1),
    firstFailedAt: headerText(headers[failureHeaders.firstFailedAt]),
    originalRoutingKey: headerText(headers[failureHeaders.originalRoutingKey]),
  };
}
