import { brokerContract } from './__tests__/brokerContract';
import { InMemoryBroker } from './InMemoryBroker';

brokerContract('InMemoryBroker', async () => ({
  broker: new InMemoryBroker(),
  namespace: 'mem.',
  teardown: async () => undefined,
}));
