import { connect } from 'amqplib';
import type { TopologySpec } from '@caregraph/shared';

/** Deletes every queue and exchange in `specs` (test clean-up), ignoring ones already gone. */
export async function deleteAmqpTopology(url: string, specs: TopologySpec[]): Promise<void> {
  const connection = await connect(url);
  try {
    for (const spec of specs) {
      for (const { name } of spec.queues) await withChannel(connection, (ch) => ch.deleteQueue(name));
      for (const { name } of spec.exchanges) await withChannel(connection, (ch) => ch.deleteExchange(name));
    }
  } finally {
    await connection.close();
  }
}

// A failed delete closes its channel, so each operation gets a fresh one.
async function withChannel(
  connection: Awaited<ReturnType<typeof connect>>,
  operation: (channel: Awaited<ReturnType<Awaited<ReturnType<typeof connect>>['createChannel']>>) => Promise<unknown>,
): Promise<void> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  await operation(channel).catch(() => undefined);
  await channel.close().catch(() => undefined);
}
