import { careGraphTopology } from '@caregraph/shared';
import { deleteAmqpTopology } from './deleteAmqpTopology';

/** Deletes the exchanges and queues CareGraph declared under a test namespace on the real broker. */
export function deleteAmqpNamespace(rabbitmqUrl: string, namespace: string): Promise<void> {
  return deleteAmqpTopology(rabbitmqUrl, [careGraphTopology(namespace)]);
}
