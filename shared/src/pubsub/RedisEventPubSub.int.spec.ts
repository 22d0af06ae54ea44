import { infra } from '@caregraph/testing';
import { RedisEventPubSub } from './RedisEventPubSub';
import { pubsubContract } from './pubsubContract';

pubsubContract('RedisEventPubSub', async () => ({ pubsub: await RedisEventPubSub.connect((await infra()).redisUrl) }));
