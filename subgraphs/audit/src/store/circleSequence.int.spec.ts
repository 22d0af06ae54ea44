import { randomUUID } from 'node:crypto';
import { createCloudEvent, type CloudEvent } from '@caregraph/shared';
import { eventually } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { startAuditHarness, type AuditHarness } from '../__tests__/auditHarness';
import { appendToAuditLog, type AppendResult } from './appendToAuditLog';

/** Transactions the concurrency tests hold open at the same time (one connection each). */
const POOL = 50;

function eventOf(careCircleId?: string): CloudEvent {
  return createCloudEvent({
    type: 'timeline.entry.created',
    source: '/caregraph/care',
    aggregateType: 'TimelineEntry',
    subject: randomUUID(),
    careCircleId,
    data: { note: randomUUID() },
  }) as CloudEvent;
}

/** Resolves for everyone once `parties` callers have arrived: none passes before all are there. */
function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return async () => {
    arrived += 1;
    if (arrived === parties) open();
    await opened;
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

describe("the care circle's log numbering (appendToAuditLog)", () => {
  let harness: AuditHarness;
  /** An ORM whose pool really lets POOL transactions run at once (the harness's has 2). */
  let pooled: MikroORM<PostgreSqlDriver>;

  beforeAll(async () => {
    harness = await startAuditHarness('audit_sequence');
    pooled = await harness.openOrm(POOL);
  });
  afterAll(() => harness?.close());

  /** One append in a transaction of its own, as the audit consumer runs it. */
  const appendAlone = (event: CloudEvent, orm: MikroORM<PostgreSqlDriver> = harness.orm): Promise<AppendResult> =>
    (orm.em.fork() as EntityManager).transactional((em) => appendToAuditLog(em, event));

  /** The circle's stored events in append (position) order. */
  const rowsOf = async (circle: string): Promise<{ id: string; sequence: number }[]> =>
    (
      await harness.db.query('select id, circle_sequence from audit.events where care_circle_id = $1 order by position', [circle])
    ).rows.map((row) => ({ id: row.id, sequence: Number(row.circle_sequence) }));
  const headOf = async (circle: string): Promise<number | undefined> => {
    const { rows } = await harness.db.query('select last_sequence from audit.circle_heads where care_circle_id = $1', [circle]);
    return rows.length ? Number(rows[0].last_sequence) : undefined;
  };
  const sequenceColumnOf = async (id: string) =>
    (await harness.db.query('select circle_sequence from audit.events where id = $1', [id])).rows.map((row) => row.circle_sequence);

  it("numbers a circle's events 1, 2, 3… in append order, and says so", async () => {
    const circle = randomUUID();
    const events = range(1, 5).map(() => eventOf(circle));
    const results: AppendResult[] = [];
    for (const event of events) results.push(await appendAlone(event));

    expect(results).toStrictEqual(range(1, 5).map((sequence) => ({ appended: true, sequence })));
    expect(await rowsOf(circle)).toEqual(events.map((event, index) => ({ id: event.id, sequence: index + 1 })));
    expect(await headOf(circle)).toBe(5);
  });

  it('numbers each circle on its own', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const order = [a, b, a, undefined, a, b, undefined, b, a];
    const results: AppendResult[] = [];
    for (const circle of order) results.push(await appendAlone(eventOf(circle)));

    expect(results).toStrictEqual([
      { appended: true, sequence: 1 }, // a
      { appended: true, sequence: 1 }, // b
      { appended: true, sequence: 2 }, // a
      { appended: true }, // no circle
      { appended: true, sequence: 3 }, // a
      { appended: true, sequence: 2 }, // b
      { appended: true }, // no circle
      { appended: true, sequence: 3 }, // b
      { appended: true, sequence: 4 }, // a
    ]);
    expect((await rowsOf(a)).map((row) => row.sequence)).toEqual([1, 2, 3, 4]);
    expect((await rowsOf(b)).map((row) => row.sequence)).toEqual([1, 2, 3]);
    expect([await headOf(a), await headOf(b)]).toEqual([4, 3]);
  });

  it('takes no number for a duplicate: the next new event gets the next number, without a gap', async () => {
    const circle = randomUUID();
    const [first, second, third] = [eventOf(circle), eventOf(circle), eventOf(circle)];
    expect(await appendAlone(first)).toStrictEqual({ appended: true, sequence: 1 });
    expect(await appendAlone(second)).toStrictEqual({ appended: true, sequence: 2 });

    // Redeliveries: as is, with another payload, with the ids upper-cased. None is stored or numbered.
    expect(await appendAlone(first)).toStrictEqual({ appended: false });
    expect(await appendAlone({ ...second, data: { tampered: true } })).toStrictEqual({ appended: false });
    expect(await appendAlone({ ...first, id: first.id.toUpperCase(), carecircleid: circle.toUpperCase() })).toStrictEqual({ appended: false });
    // Also outside a transaction (each statement on its own).
    expect(await appendToAuditLog(harness.em(), second)).toStrictEqual({ appended: false });
    expect(await headOf(circle)).toBe(2);

    expect(await appendAlone(third)).toStrictEqual({ appended: true, sequence: 3 });
    expect(await rowsOf(circle)).toEqual([
      { id: first.id, sequence: 1 },
      { id: second.id, sequence: 2 },
      { id: third.id, sequence: 3 },
    ]);
  });

  it('gives an event of no care circle no number, and touches no circle head', async () => {
    const heads = async () => Number((await harness.db.query('select count(*) as n from audit.circle_heads')).rows[0].n);
    const headsBefore = await heads();
    const event = eventOf(undefined);

    expect(await appendAlone(event)).toStrictEqual({ appended: true });
    expect(await sequenceColumnOf(event.id)).toEqual([null]);
    expect(await appendAlone(event)).toStrictEqual({ appended: false });
    expect(await sequenceColumnOf(event.id)).toEqual([null]);
    expect(await heads()).toBe(headsBefore);
  });

  it('numbers an upper-cased carecircleid into the same (lower-case) circle log', async () => {
    const circle = randomUUID();
    const lower = eventOf(circle);
    const upper = eventOf(circle.toUpperCase());
    expect(await appendAlone(lower)).toStrictEqual({ appended: true, sequence: 1 });
    expect(await appendAlone(upper)).toStrictEqual({ appended: true, sequence: 2 });
    expect(await rowsOf(circle)).toEqual([
      { id: lower.id, sequence: 1 },
      { id: upper.id, sequence: 2 },
    ]);
  });

  it('gives back the number of a rolled-back append', async () => {
    const circle = randomUUID();
    const [kept, rolledBack, next] = [eventOf(circle), eventOf(circle), eventOf(circle)];
    expect(await appendAlone(kept)).toStrictEqual({ appended: true, sequence: 1 });

    await expect(
      harness.em().transactional(async (em) => {
        expect(await appendToAuditLog(em, rolledBack)).toStrictEqual({ appended: true, sequence: 2 });
        throw new Error('the handler failed after the append');
      }),
    ).rejects.toThrow('the handler failed after the append');
    expect(await sequenceColumnOf(rolledBack.id)).toEqual([]);
    expect(await headOf(circle)).toBe(1);

    expect(await appendAlone(next)).toStrictEqual({ appended: true, sequence: 2 });
    // The redelivery of the rolled-back event is new to the store: it takes the next number.
    expect(await appendAlone(rolledBack)).toStrictEqual({ appended: true, sequence: 3 });
    expect(await rowsOf(circle)).toEqual([
      { id: kept.id, sequence: 1 },
      { id: next.id, sequence: 2 },
      { id: rolledBack.id, sequence: 3 },
    ]);
  });

  it("rolls back a new circle's head with its first event", async () => {
    const circle = randomUUID();
    await expect(
      harness.em().transactional(async (em) => {
        expect(await appendToAuditLog(em, eventOf(circle))).toStrictEqual({ appended: true, sequence: 1 });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await headOf(circle)).toBeUndefined();
    expect(await appendAlone(eventOf(circle))).toStrictEqual({ appended: true, sequence: 1 });
  });

  describe('concurrent appenders', () => {
    /**
     * Backends of this database waiting for a lock. Polled (never a sleep) until the blocked
     * appender shows up: from then on its outcome depends only on what the holder does.
     */
    const lockWaiters = async () =>
      Number(
        (
          await harness.db.query(
            "select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'",
          )
        ).rows[0].n,
      );

    it.each([
      ['rolls back', false, 2],
      ['commits', true, 3],
    ])(
      'make an append of the same circle wait until the holder of the head %s, then take the number that frees',
      async (_outcome, commit, expected) => {
        const circle = randomUUID();
        expect(await appendAlone(eventOf(circle), pooled)).toStrictEqual({ appended: true, sequence: 1 });
        const [held, waiting] = [eventOf(circle), eventOf(circle)];

        let finish!: (commit: boolean) => void;
        const decision = new Promise<boolean>((resolve) => (finish = resolve));
        let appendedHeld!: (result: AppendResult) => void;
        const heldResult = new Promise<AppendResult>((resolve) => (appendedHeld = resolve));
        const holder = (pooled.em.fork() as EntityManager).transactional(async (em) => {
          appendedHeld(await appendToAuditLog(em, held));
          if (!(await decision)) throw new Error('the holder rolls back');
        });
        expect(await heldResult).toStrictEqual({ appended: true, sequence: 2 });

        let settled = false;
        const waiter = appendAlone(waiting, pooled).finally(() => (settled = true));
        await eventually(async () => (await lockWaiters()) === 1);
        expect(settled).toBe(false);
        // Readers see neither the held nor the waiting event yet.
        expect((await rowsOf(circle)).map((row) => row.sequence)).toEqual([1]);

        finish(commit);
        if (commit) await holder;
        else await expect(holder).rejects.toThrow('the holder rolls back');

        expect(await waiter).toStrictEqual({ appended: true, sequence: expected });
        const stored = await rowsOf(circle);
        expect(stored.map((row) => row.sequence)).toEqual(range(1, expected));
        expect(stored.at(-1)!.id).toBe(waiting.id);
        expect(stored.some((row) => row.id === held.id)).toBe(commit);
        expect(await headOf(circle)).toBe(expected);
      },
    );

    /**
     * Runs every delivery in a transaction of its own on a connection of its own, all open at
     * once before any appends (a barrier), so the appends really race.
     */
    async function raceAll(deliveries: CloudEvent[]): Promise<AppendResult[]> {
      expect(deliveries.length).toBeLessThanOrEqual(POOL);
      const allOpen = barrier(deliveries.length);
      const backends = new Set<number>();
      const results = await Promise.all(
        deliveries.map((event) =>
          (pooled.em.fork() as EntityManager).transactional(async (em) => {
            const [{ pid }] = await em.execute<{ pid: number }[]>('select pg_backend_pid() as pid');
            backends.add(pid);
            await allOpen();
            return appendToAuditLog(em, event);
          }),
        ),
      );
      // Every transaction was open at the same time, each on a connection of its own.
      expect(backends.size).toBe(deliveries.length);
      return results;
    }

    it("number 40 events of a new circle racing with redeliveries exactly 1..40, in append order", async () => {
      const circle = randomUUID();
      const events = range(1, 40).map(() => eventOf(circle));
      // Ten of them delivered twice, the copies interleaved with the originals.
      const redelivered = events.filter((_, index) => index % 4 === 0);
      const deliveries = events.flatMap((event, index) => (index % 4 === 0 ? [event, { ...event }] : [event]));
      expect(deliveries).toHaveLength(50);

      const results = await raceAll(deliveries);

      const appended = results.filter((result) => result.appended);
      expect(appended).toHaveLength(40);
      expect(results.filter((result) => !result.appended)).toStrictEqual(redelivered.map(() => ({ appended: false })));
      expect(appended.map((result) => result.sequence).sort((x, y) => x! - y!)).toEqual(range(1, 40));

      // Each event stored once, with the number its appender was told; in position order the
      // numbers run 1..40, so each was taken and inserted under the circle's lock.
      const numberOf = new Map<string, number>();
      results.forEach((result, index) => {
        if (result.appended) {
          expect(numberOf.has(deliveries[index].id)).toBe(false);
          numberOf.set(deliveries[index].id, result.sequence!);
        }
      });
      const stored = await rowsOf(circle);
      expect(stored.map((row) => row.sequence)).toEqual(range(1, 40));
      expect(new Set(stored.map((row) => row.id))).toEqual(new Set(events.map((event) => event.id)));
      for (const row of stored) expect(row.sequence).toBe(numberOf.get(row.id));
      expect(await headOf(circle)).toBe(40);

      // The log goes on from 41.
      expect(await appendAlone(eventOf(circle))).toStrictEqual({ appended: true, sequence: 41 });
    });

    it('number two circles racing each other (and events of no circle) each 1..n', async () => {
      const [a, b] = [randomUUID(), randomUUID()];
      const ofA = range(1, 15).map(() => eventOf(a));
      const ofB = range(1, 15).map(() => eventOf(b));
      const none = range(1, 5).map(() => eventOf(undefined));
      const deliveries: CloudEvent[] = [];
      for (let index = 0; index < 15; index++) deliveries.push(ofA[index], ofB[index], ...(index < 5 ? [none[index], ofB[index]] : []));
      expect(deliveries).toHaveLength(40);

      const results = await raceAll(deliveries);

      const sequencesOf = (events: CloudEvent[]) =>
        results
          .filter((result, index) => result.appended && events.some((event) => event.id === deliveries[index].id))
          .map((result) => result.sequence)
          .sort((x, y) => x! - y!);
      expect(sequencesOf(ofA)).toEqual(range(1, 15));
      expect(sequencesOf(ofB)).toEqual(range(1, 15));
      expect(results.filter((result) => !result.appended)).toHaveLength(5);
      for (const event of none) expect(results[deliveries.indexOf(event)]).toStrictEqual({ appended: true });

      expect((await rowsOf(a)).map((row) => row.sequence)).toEqual(range(1, 15));
      expect((await rowsOf(b)).map((row) => row.sequence)).toEqual(range(1, 15));
      expect([await headOf(a), await headOf(b)]).toEqual([15, 15]);
    });
  });
});
