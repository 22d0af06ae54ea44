import { InMemoryPubSub } from './InMemoryPubSub';
import { pubsubContract } from './pubsubContract';

pubsubContract('InMemoryPubSub', async () => ({ pubsub: new InMemoryPubSub() }));
