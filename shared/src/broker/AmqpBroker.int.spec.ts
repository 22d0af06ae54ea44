import { infra, testNamespace } from '@caregraph/testing';
import { brokerContract } from './__tests__/brokerContract';
import { deleteAmqpTopology } from '@caregraph/testing';
import { createLogger } from '../logger';
import { AmqpBroker } from './AmqpBroker';

brokerContract('AmqpBroker', async () => {
  const { rabbitmqUrl } = await infra();
  // The suite provokes channel errors and failing handlers on purpose; keep the output quiet.
  const logger = createLogger('amqp-broker');
  logger.level = 'error';
  return {
    broker: await AmqpBroker.connect(rabbitmqUrl, { logger }),
    namespace: testNamespace('broker'),
    teardown: (declared) => deleteAmqpTopology(rabbitmqUrl, declared),
  };
});
