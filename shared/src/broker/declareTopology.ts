import type { Channel, RecoveringChannelModel } from 'amqplib';
import { BrokerError, brokerErrors } from './BrokerError';
import { describeQueue, type TopologyMismatch, type TopologyReport } from './TopologyReport';
import type { QueueSpec, TopologySpec } from './TopologySpec';

type AmqpError = Error & { code?: number };

const PRECONDITION_FAILED = 406;
const NOT_FOUND = 404;

/**
 * Declares `spec` on RabbitMQ, one operation at a time. A PRECONDITION_FAILED (the name exists
 * with another type or other arguments) closes the channel, so it is recorded as a mismatch, a
 * fresh channel is opened and the declaration goes on: one stale queue must not keep the relay
 * from publishing to everything else.
 */
export async function declareTopology(model: RecoveringChannelModel, spec: TopologySpec): Promise<TopologyReport> {
  const mismatches: TopologyMismatch[] = [];
  let channel: Channel | undefined;
  const attempt = async (mismatch: Omit<TopologyMismatch, 'reason'>, operation: (channel: Channel) => Promise<unknown>) => {
    channel ??= await openChannel(model);
    try {
      await operation(channel);
    } catch (error) {
      channel = undefined; // the server closed it
      const code = (error as AmqpError).code;
      if (code === PRECONDITION_FAILED) return void mismatches.push({ ...mismatch, reason: (error as Error).message });
      if (code === NOT_FOUND) {
        throw new BrokerError('NOT_FOUND', `Declaring ${mismatch.kind} "${mismatch.name}" failed: ${(error as Error).message}`, { cause: error });
      }
      throw brokerErrors.failure('Declaring the topology', error);
    }
  };
  try {
    for (const { name, type } of spec.exchanges) {
      await attempt({ kind: 'exchange', name, declared: type }, (ch) => ch.assertExchange(name, type, { durable: true }));
    }
    for (const queue of spec.queues) {
      await attempt({ kind: 'queue', name: queue.name, declared: describeQueue(queue) }, (ch) =>
        ch.assertQueue(queue.name, { durable: true, arguments: queueArguments(queue) }),
      );
    }
    for (const { source, destination, destinationType, pattern } of spec.bindings) {
      await attempt({ kind: 'binding', name: `${source} -> ${destination} (${pattern})`, declared: destinationType }, (ch) =>
        destinationType === 'queue' ? ch.bindQueue(destination, source, pattern) : ch.bindExchange(destination, source, pattern),
      );
    }
  } finally {
    const open = channel as Channel | undefined;
    await open?.close().catch(() => undefined);
  }
  return { mismatches };
}

async function openChannel(model: RecoveringChannelModel): Promise<Channel> {
  try {
    const channel = await model.createChannel();
    channel.on('error', () => undefined); // the failing operation's promise reports it
    return channel;
  } catch (error) {
    throw brokerErrors.unavailable('Declaring the topology', error);
  }
}

function queueArguments(queue: QueueSpec): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  if (queue.type !== 'classic') args['x-queue-type'] = 'quorum';
  if (queue.deadLetterExchange) args['x-dead-letter-exchange'] = queue.deadLetterExchange;
  if (queue.deadLetterRoutingKey) args['x-dead-letter-routing-key'] = queue.deadLetterRoutingKey;
  return args;
}
