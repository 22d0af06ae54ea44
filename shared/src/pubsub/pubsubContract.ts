import type { EventPubSub } from './EventPubSub';

export interface PubSubHarness {
  pubsub: EventPubSub;
}

/**
 * The behaviour every EventPubSub must show; run against InMemoryPubSub (unit) and
 * RedisEventPubSub (integration) so embedded and services mode behave alike.
 */
export function pubsubContract(name: string, create: () => Promise<PubSubHarness>): void {
  describe(`${name} (EventPubSub contract)`, () => {
    let harness: PubSubHarness;
    let n = 0;
    const channel = () => `contract.${process.pid}.${Date.now()}.${n++}`;

    beforeEach(async () => {
      harness = await create();
    });
    afterEach(async () => {
      await harness.pubsub.close();
    });

    it('delivers a published payload, parsed, to a subscriber of that channel', async () => {
      const ch = channel();
      const iterator = harness.pubsub.subscribe(ch);
      const next = iterator.next();
      await harness.pubsub.whenLive(iterator);
      await harness.pubsub.publish(ch, { id: 'e1', data: { nested: [1, 2] } });
      await expect(next).resolves.toEqual({ done: false, value: { id: 'e1', data: { nested: [1, 2] } } });
      await iterator.return?.();
    });

    it('keeps channels apart and preserves publish order', async () => {
      const a = channel();
      const b = channel();
      const iterator = harness.pubsub.subscribe(a);
      const first = iterator.next();
      await harness.pubsub.whenLive(iterator);
      await harness.pubsub.publish(b, { id: 'other' });
      await harness.pubsub.publish(a, { id: 1 });
      await harness.pubsub.publish(a, { id: 2 });
      await expect(first).resolves.toMatchObject({ value: { id: 1 } });
      await expect(iterator.next()).resolves.toMatchObject({ value: { id: 2 } });
      await iterator.return?.();
    });

    it('fans one event out to every subscriber of the channel', async () => {
      const ch = channel();
      const one = harness.pubsub.subscribe(ch);
      const two = harness.pubsub.subscribe(ch);
      const nextOne = one.next();
      const nextTwo = two.next();
      await Promise.all([harness.pubsub.whenLive(one), harness.pubsub.whenLive(two)]);
      await harness.pubsub.publish(ch, { id: 'both' });
      await expect(nextOne).resolves.toMatchObject({ value: { id: 'both' } });
      await expect(nextTwo).resolves.toMatchObject({ value: { id: 'both' } });
      await one.return?.();
      await two.return?.();
    });

    it('ends the iterator when the subscriber returns', async () => {
      const ch = channel();
      const iterator = harness.pubsub.subscribe(ch);
      await expect(iterator.return!()).resolves.toMatchObject({ done: true });
      await expect(iterator.next()).resolves.toMatchObject({ done: true });
    });
  });
}
