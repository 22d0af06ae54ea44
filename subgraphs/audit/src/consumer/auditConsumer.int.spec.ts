import { randomUUID } from 'node:crypto';
import { createCloudEvent, ValidationError, type AfterCommit, type CloudEvent, type ConsumerDefinition } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import pino from 'pino';
import { startAuditHarness, type AuditHarness } from '../__tests__/auditHarness';
import { encodeCircleLogCursor } from '../circleLog/circleLogCursor';
import { auditConsumer } from './auditConsumer';

const NAMESPACE = 'audit-consumer-test.';
const logger = pino({ level: 'silent' });

/** Records what the consumer publishes, in order (stands in for the Redis pubsub). */
function recorder() {
  const calls: { channel: string; payload: unknown }[] = [];
  return {
    namespace: NAMESPACE,
    calls,
    async publish(channel: string, payload: unknown): Promise<void> {
      calls.push({ channel, payload });
    },
  };
}

function eventOf(careCircleId?: string): CloudEvent {
  return createCloudEvent({
    type: 'medication.logged',
    source: '/caregraph/care',
    aggregateType: 'Medication',
    subject: randomUUID(),
    careCircleId,
    causedBy: randomUUID(),
    data: { status: 'GIVEN' },
  }) as CloudEvent;
}

describe('the audit consumer', () => {
  let harness: AuditHarness;

  beforeAll(async () => {
    harness = await startAuditHarness('audit_consumer');
  });
  afterAll(() => harness?.close());

  /** What the consumer runtime does: handle inside a transaction on a fork of the consumer's em. */
  const handleInTransaction = async (
    consumer: ConsumerDefinition,
    event: CloudEvent,
    inside?: () => Promise<void>,
  ): Promise<void | AfterCommit> =>
    (consumer.em.fork() as EntityManager).transactional(async (em) => {
      const step = await consumer.handle(event, em, logger);
      await inside?.();
      return step;
    });
  const storedSequences = async (id: string) =>
    (await harness.db.query('select circle_sequence from audit.events where id = $1', [id])).rows.map((row) => row.circle_sequence);

  it('is the audit role on audit.log, with its inbox in schema audit', () => {
    const em = harness.em();
    const consumer = auditConsumer({ em, live: recorder() });
    expect(consumer).toMatchObject({ name: 'audit', queue: 'audit.log', inboxSchema: 'audit', em });
    expect(consumer.bindings).toBeUndefined();
  });

  it("returns an after-commit step that publishes the event with its number and cursor on the circle's log channel", async () => {
    const live = recorder();
    const consumer = auditConsumer({ em: harness.em(), live });
    const circle = randomUUID();
    const [first, second] = [eventOf(circle), eventOf(circle)];

    const step = await handleInTransaction(consumer, first, async () => {
      // Still inside the transaction: nothing committed, nothing published.
      expect(await storedSequences(first.id)).toEqual([]);
      expect(live.calls).toEqual([]);
    });
    expect(step).toBeInstanceOf(Function);
    expect(live.calls).toEqual([]);
    expect(await storedSequences(first.id)).toEqual(['1']);

    await (step as AfterCommit)();
    expect(live.calls).toEqual([
      {
        channel: `${NAMESPACE}caregraph.circle-log.${circle}`,
        payload: { ...first, sequence: 1, cursor: encodeCircleLogCursor(1) },
      },
    ]);

    const next = await handleInTransaction(consumer, second);
    await (next as AfterCommit)();
    expect(live.calls.map((call) => call.channel)).toEqual([
      `${NAMESPACE}caregraph.circle-log.${circle}`,
      `${NAMESPACE}caregraph.circle-log.${circle}`,
    ]);
    expect(live.calls[1].payload).toEqual({ ...second, sequence: 2, cursor: encodeCircleLogCursor(2) });
  });

  it('returns no step for a duplicate, so nothing is announced twice and no number is taken', async () => {
    const live = recorder();
    const consumer = auditConsumer({ em: harness.em(), live });
    const circle = randomUUID();
    const event = eventOf(circle);

    await ((await handleInTransaction(consumer, event)) as AfterCommit)();
    expect(await handleInTransaction(consumer, event)).toBeUndefined();
    expect(await handleInTransaction(consumer, { ...event, data: { tampered: true } })).toBeUndefined();
    expect(live.calls).toHaveLength(1);
    expect(await storedSequences(event.id)).toEqual(['1']);

    const later = eventOf(circle);
    await ((await handleInTransaction(consumer, later)) as AfterCommit)();
    expect(live.calls.map((call) => (call.payload as { sequence: number }).sequence)).toEqual([1, 2]);
  });

  it('announces an upper-cased carecircleid on the lower-case channel, in the same log, with ids as stored', async () => {
    const live = recorder();
    const consumer = auditConsumer({ em: harness.em(), live });
    const circle = randomUUID();
    const lower = eventOf(circle);
    const upper = eventOf(circle.toUpperCase());

    await ((await handleInTransaction(consumer, lower)) as AfterCommit)();
    await ((await handleInTransaction(consumer, upper)) as AfterCommit)();
    expect(live.calls).toEqual([
      { channel: `${NAMESPACE}caregraph.circle-log.${circle}`, payload: { ...lower, sequence: 1, cursor: encodeCircleLogCursor(1) } },
      { channel: `${NAMESPACE}caregraph.circle-log.${circle}`, payload: { ...upper, carecircleid: circle, sequence: 2, cursor: encodeCircleLogCursor(2) } },
    ]);
  });

  it('announces a member removal on the revocations channel before the circle log, once', async () => {
    const live = recorder();
    const consumer = auditConsumer({ em: harness.em(), live });
    const circle = randomUUID();
    const removal = createCloudEvent({
      type: 'care_circle.member_removed',
      source: '/caregraph/identity',
      aggregateType: 'CareCircle',
      subject: circle,
      careCircleId: circle,
      data: { careCircleId: circle, userId: randomUUID(), role: 'FAMILY', removedBy: randomUUID() },
    }) as CloudEvent;

    const step = await handleInTransaction(consumer, removal);
    expect(live.calls).toEqual([]);
    await (step as AfterCommit)();
    expect(live.calls).toEqual([
      { channel: `${NAMESPACE}caregraph.revocations`, payload: removal },
      { channel: `${NAMESPACE}caregraph.circle-log.${circle}`, payload: { ...removal, sequence: 1, cursor: encodeCircleLogCursor(1) } },
    ]);
    expect(await handleInTransaction(consumer, removal)).toBeUndefined();
    expect(live.calls).toHaveLength(2);
  });

  it('stores an event of no care circle without announcing it', async () => {
    const live = recorder();
    const consumer = auditConsumer({ em: harness.em(), live });
    const event = eventOf(undefined);
    expect(await handleInTransaction(consumer, event)).toBeUndefined();
    expect(await storedSequences(event.id)).toEqual([null]);
    expect(live.calls).toEqual([]);
  });

  it('without live, stores and numbers the event and returns no step', async () => {
    const consumer = auditConsumer({ em: harness.em() });
    const event = eventOf(randomUUID());
    expect(await handleInTransaction(consumer, event)).toBeUndefined();
    expect(await storedSequences(event.id)).toEqual(['1']);
  });

  it('refuses an event it can never store with BAD_USER_INPUT, storing and announcing nothing', async () => {
    const live = recorder();
    const consumer = auditConsumer({ em: harness.em(), live });
    const event = eventOf(randomUUID());
    const invalid = { ...event, carecircleid: 'circle-1' };
    await expect(handleInTransaction(consumer, invalid)).rejects.toBeInstanceOf(ValidationError);
    await expect(handleInTransaction(consumer, invalid)).rejects.toMatchObject({ details: { field: 'carecircleid' } });
    expect(await storedSequences(event.id)).toEqual([]);
    expect(live.calls).toEqual([]);
  });
});
