import {
  careGraphTopology,
  channelNames,
  createCloudEvent,
  createLogger,
  InMemoryBroker,
  InMemoryPubSub,
  topologyNames,
  type BrokerMessage,
} from '@caregraph/shared';
import { eventually } from '@caregraph/testing';
import { encodeCursor } from './cursor';
import { RealtimeBridge } from './RealtimeBridge';

describe('RealtimeBridge (in-memory broker and pub/sub)', () => {
  const names = topologyNames('');
  let broker: InMemoryBroker;
  let pubsub: InMemoryPubSub;
  let bridge: RealtimeBridge;

  beforeEach(async () => {
    broker = new InMemoryBroker();
    pubsub = new InMemoryPubSub();
    await broker.assertTopology(careGraphTopology(''));
    const logger = createLogger('bridge-test');
    logger.level = 'silent';
    bridge = new RealtimeBridge({ broker, pubsub, namespace: '', logger });
    await bridge.start();
  });

  afterEach(async () => {
    await bridge.stop();
    await broker.close();
  });

  const publish = (body: string, id = 'm1') =>
    broker.publish({ exchange: names.domainEvents, routingKey: 'x.y', messageId: id, body: Buffer.from(body) });

  it('publishes a circle event with its cursor on the circle channel, in arrival order', async () => {
    const iterator = pubsub.subscribe(channelNames('').careCircle('c1'));
    const events = [1, 2, 3].map((n) =>
      createCloudEvent({ type: 'medication.logged', source: '/caregraph/care', data: { n }, careCircleId: 'c1' }),
    );
    for (const event of events) await publish(JSON.stringify(event), event.id);
    const seen = [];
    for (let i = 0; i < 3; i++) seen.push((await iterator.next()).value);
    expect(seen).toEqual(events.map((event) => ({ ...event, cursor: encodeCursor(event) })));
    await iterator.return?.();
  });

  it('publishes care_circle.member_removed on the circle channel and on the revocations channel', async () => {
    const channels = channelNames('');
    const circle = pubsub.subscribe(channels.careCircle('c1'));
    const revocations = pubsub.subscribe(channels.revocations);
    const event = createCloudEvent({
      type: 'care_circle.member_removed',
      source: '/caregraph/identity',
      data: { careCircleId: 'c1', userId: 'u2', role: 'CAREGIVER', removedBy: 'u1' },
      careCircleId: 'c1',
    });
    // The in-memory iterators subscribe on their first next().
    const received = [revocations.next(), circle.next()];
    await publish(JSON.stringify(event), event.id);
    const expected = { ...event, cursor: encodeCursor(event) };
    expect((await received[0]).value).toEqual(expected);
    expect((await received[1]).value).toEqual(expected);
    await circle.return?.();
    await revocations.return?.();
  });

  it('dead-letters a payload that is not a CloudEvent', async () => {
    const dead: BrokerMessage[] = [];
    await broker.consume(names.deadLetterQueue(names.queues.realtimeBridge), async (message) => void dead.push(message));
    await publish('not json', 'bad-1');
    await eventually(() => dead.some((message) => message.messageId === 'bad-1'));
  });
});
