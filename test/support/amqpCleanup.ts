import amqp from 'amqplib';
import { topologyNames } from '@caregraph/shared';

/** Deletes the exchanges and queues a test namespace declared on the real broker. */
export async function deleteAmqpNamespace(rabbitmqUrl: string, namespace: string): Promise<void> {
  const names = topologyNames(namespace);
  const connection = await amqp.connect(rabbitmqUrl);
  try {
    const channel = await connection.createChannel();
    for (const queue of Object.values(names.queues)) {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(names.deadLetterQueue(queue));
    }
    for (const exchange of [names.domainEvents, names.audit, names.notifications, names.dlx]) {
      await channel.deleteExchange(exchange);
    }
    await channel.close();
  } finally {
    await connection.close();
  }
}
