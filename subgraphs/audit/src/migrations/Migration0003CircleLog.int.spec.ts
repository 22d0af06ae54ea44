import { randomUUID } from 'node:crypto';
import { createCloudEvent, createOrm, migrateUp, type CloudEvent } from '@caregraph/shared';
import { createTestDatabase } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { auditEntities } from '../entities';
import { appendToAuditLog } from '../store/appendToAuditLog';
import { auditMigrations } from './index';

describe('Migration0003CircleLog on a store with events', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: Client;
  let orm: MikroORM<PostgreSqlDriver> | undefined;
  const [a, b] = [randomUUID(), randomUUID()];
  /** Event ids in the order they were stored before the migration, with their circle. */
  const stored: { id: string; circle: string | null }[] = [];

  const open = (migrations = auditMigrations) =>
    createOrm({ clientUrl: database.url, schema: 'audit', entities: auditEntities, migrations, poolMax: 2 });

  beforeAll(async () => {
    database = await createTestDatabase('audit_migration');
    db = new Client({ connectionString: database.url });
    await db.connect();
    // The store as it was before the migration, with events of two circles and of none, interleaved.
    const before = await open(auditMigrations.slice(0, 2));
    expect(await migrateUp(before)).toEqual(['Migration0001Initial', 'Migration0002Inbox']);
    await before.close();
    for (const circle of [a, b, null, a, a, b, null, a]) {
      const id = randomUUID();
      stored.push({ id, circle });
      await db.query(
        `insert into audit.events (id, type, source, aggregate_type, care_circle_id, occurred_at, data, event)
         values ($1, 'shift.started', '/caregraph/care', 'Shift', $2, now(), '{}', '{}')`,
        [id, circle],
      );
    }
    orm = await open(auditMigrations.slice(0, 3));
    expect(await migrateUp(orm)).toEqual(['Migration0003CircleLog']);
  });
  afterAll(async () => {
    await orm?.close();
    await db?.end();
    await database?.drop();
  });

  const sequences = async () =>
    (await db.query('select id, circle_sequence from audit.events order by position')).rows.map((row) => [
      row.id,
      row.circle_sequence === null ? null : Number(row.circle_sequence),
    ]);

  it("numbers each circle's stored events in append order, and leaves events of no circle unnumbered", async () => {
    const perCircle = new Map<string, number>();
    const expected = stored.map(({ id, circle }) => {
      if (!circle) return [id, null];
      perCircle.set(circle, (perCircle.get(circle) ?? 0) + 1);
      return [id, perCircle.get(circle)];
    });
    expect(await sequences()).toEqual(expected);
    const heads = (await db.query('select care_circle_id, last_sequence from audit.circle_heads order by last_sequence')).rows;
    expect(heads.map((row) => [row.care_circle_id, Number(row.last_sequence)])).toEqual([
      [b, 2],
      [a, 4],
    ]);
  });

  it("goes on from each circle's head", async () => {
    const append = (event: CloudEvent) => (orm!.em.fork() as EntityManager).transactional((em) => appendToAuditLog(em, event));
    const eventOf = (careCircleId: string) => createCloudEvent({ type: 'shift.ended', source: '/caregraph/care', careCircleId, data: {} }) as CloudEvent;
    expect(await append(eventOf(a))).toStrictEqual({ appended: true, sequence: 5 });
    expect(await append(eventOf(b))).toStrictEqual({ appended: true, sequence: 3 });
    expect(await append(eventOf(randomUUID()))).toStrictEqual({ appended: true, sequence: 1 });
    // An event stored before the migration is still a duplicate.
    const old = stored.find(({ circle }) => circle === a)!;
    expect(await append({ ...eventOf(a), id: old.id })).toStrictEqual({ appended: false });
  });

  it('keeps the store append-only and guards the numbering in the database', async () => {
    await expect(db.query('update audit.events set circle_sequence = 99 where id = $1', [stored[0].id])).rejects.toThrow(/append-only: UPDATE refused/);
    const insert = (circle: string | null, sequence: number | null) =>
      db.query(
        `insert into audit.events (id, type, source, aggregate_type, care_circle_id, occurred_at, data, event, circle_sequence)
         values ($1, 'shift.started', '/caregraph/care', 'Shift', $2, now(), '{}', '{}', $3)`,
        [randomUUID(), circle, sequence],
      );
    await expect(insert(a, 1)).rejects.toThrow(/events_care_circle_id_circle_sequence_unique/);
    await expect(insert(a, null)).rejects.toThrow(/events_circle_sequence_check/);
    await expect(insert(null, 7)).rejects.toThrow(/events_circle_sequence_check/);
  });
});
