import { deleteNamespace } from '@caregraph/shared';

/** Deletes the exchanges and queues CareGraph declared under a test namespace on the real broker. */
export function deleteAmqpNamespace(rabbitmqUrl: string, namespace: string): Promise<void> {
  return deleteNamespace(rabbitmqUrl, namespace);
}
