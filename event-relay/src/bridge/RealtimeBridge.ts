import {
  channelNames,
  parseCloudEvent,
  topologyNames,
  type BrokerMessage,
  type ConsumerHandle,
  type EventPubSub,
  type LiveEventMessage,
  type Logger,
  type MessageBroker,
} from '@caregraph/shared';
import { encodeCursor } from './cursor';
import { KeyedSerializer } from './KeyedSerializer';

export interface RealtimeBridgeOptions {
  broker: MessageBroker;
  pubsub: EventPubSub;
  namespace: string;
  logger: Logger;
  /** Messages handled at once (across care circles). Default 32. */
  prefetch?: number;
}

/** Event types that take a user's access away; the gateway re-checks that user's live streams. */
export const REVOKING_EVENT_TYPES: readonly string[] = ['care_circle.member_removed'];

/**
 * Republishes domain events from `realtime.bridge` to Redis: on the care circle's channel,
 * notifications also on the recipient's, and revoking events (care_circle.member_removed) also on the
 * revocations channel. The message is acknowledged once Redis took it;
 * a payload that is not a CloudEvent is rejected (dead-lettered).
 */
export class RealtimeBridge {
  private consumer?: ConsumerHandle;
  private readonly serializer = new KeyedSerializer();
  private readonly channels: ReturnType<typeof channelNames>;

  constructor(private readonly options: RealtimeBridgeOptions) {
    this.channels = channelNames(options.namespace);
  }

  async start(): Promise<void> {
    const queue = topologyNames(this.options.namespace).queues.realtimeBridge;
    this.consumer = await this.options.broker.consume(queue, (message) => this.republish(message), {
      prefetch: this.options.prefetch ?? 32,
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.cancel();
  }

  private async republish(message: BrokerMessage): Promise<void> {
    let event;
    try {
      event = parseCloudEvent(message.body);
    } catch (error) {
      this.options.logger.error({ err: error, messageId: message.messageId }, 'Not a CloudEvent; dead-lettering');
      throw error;
    }
    const targets = this.channelsFor(event);
    if (targets.length === 0) return;
    const live: LiveEventMessage = { ...event, cursor: encodeCursor(event) };
    await this.serializer.run(targets[0], () => Promise.all(targets.map((channel) => this.options.pubsub.publish(channel, live))));
  }

  private channelsFor(event: LiveEventMessage | ReturnType<typeof parseCloudEvent>): string[] {
    const targets: string[] = [];
    if (event.carecircleid) targets.push(this.channels.careCircle(event.carecircleid));
    const recipientId = (event.data as { recipientId?: unknown } | undefined)?.recipientId;
    if (event.type === 'notification.created' && typeof recipientId === 'string') targets.push(this.channels.user(recipientId));
    if (REVOKING_EVENT_TYPES.includes(event.type)) targets.push(this.channels.revocations);
    return targets;
  }
}
