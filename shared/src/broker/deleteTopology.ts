import { connect } from 'amqplib';
import { careGraphTopology } from './careGraphTopology';
import type { TopologySpec } from './TopologySpec';

type Connection = Awaited<ReturnType<typeof connect>>;
type Channel = Awaited<ReturnType<Connection['createChannel']>>;

/**
 * Deletes every queue and exchange in `specs` from the broker at `url`, ignoring ones already
 * gone. For tests and benchmarks that declare a topology under a namespace of their own: left
 * behind, their quorum queues pile up on a shared broker and slow every later start.
 */
export async function deleteTopology(url: string, specs: TopologySpec[]): Promise<void> {
  const connection = await connect(url);
  try {
    for (const spec of specs) {
      for (const { name } of spec.queues) await withChannel(connection, (channel) => channel.deleteQueue(name));
      for (const { name } of spec.exchanges) await withChannel(connection, (channel) => channel.deleteExchange(name));
    }
  } finally {
    await connection.close();
  }
}

/** Deletes CareGraph's whole topology under `namespace` (see careGraphTopology). */
export function deleteNamespace(url: string, namespace: string, options: { retryLevels?: number } = {}): Promise<void> {
  return deleteTopology(url, [careGraphTopology(namespace, options)]);
}

// A failed delete closes its channel, so each operation gets a fresh one.
async function withChannel(connection: Connection, operation: (channel: Channel) => Promise<unknown>): Promise<void> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  await operation(channel).catch(() => undefined);
  await channel.close().catch(() => undefined);
}
