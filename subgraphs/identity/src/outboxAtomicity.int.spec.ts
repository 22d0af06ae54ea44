import { createOrm, migrateUp, OutboxMessage, recordEvent } from '@caregraph/shared';
import { createTestDatabase } from '@caregraph/testing';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { IDENTITY_SOURCE } from './common/identityEvents';
import { identityEntities } from './entities';
import { identityMigrations } from './migrations';
import { User } from './users/User.entity';

describe('an identity change and its outbox row', () => {
  let database: { url: string; drop(): Promise<void> };
  let orm: MikroORM<PostgreSqlDriver>;

  beforeAll(async () => {
    database = await createTestDatabase('identity_outbox');
    orm = await createOrm({ clientUrl: database.url, schema: 'identity', entities: identityEntities, migrations: identityMigrations });
    await migrateUp(orm);
  });
  afterAll(async () => {
    await orm?.close();
    await database?.drop();
  });

  async function rowsFor(userId: string): Promise<{ users: number; events: number }> {
    const connection = orm.em.getConnection();
    const [users] = await connection.execute('select count(*)::int as n from identity.users where id = ?', [userId]);
    const [events] = await connection.execute('select count(*)::int as n from identity.outbox where aggregate_id = ?', [userId]);
    return { users: users.n, events: events.n };
  }

  function createUserWithEvent(em: EntityManager, email: string): User {
    const user = em.create(User, { email, displayName: 'Atomic', passwordHash: 'not-a-real-hash' });
    recordEvent(em, IDENTITY_SOURCE, { type: 'user.created', aggregateType: 'User', aggregateId: user.id, data: { userId: user.id } });
    return user;
  }

  it('commits both together', async () => {
    const em = orm.em.fork() as EntityManager;
    const user = await em.transactional(async (tx) => createUserWithEvent(tx, 'commits@example.org'));
    expect(await rowsFor(user.id)).toEqual({ users: 1, events: 1 });
  });

  it('rolls back the outbox row with the entity when the transaction fails after the flush', async () => {
    const em = orm.em.fork() as EntityManager;
    let userId = '';
    await expect(
      em.transactional(async (tx) => {
        userId = createUserWithEvent(tx, 'rolls-back@example.org').id;
        await tx.flush();
        // Both rows are written (visible inside the transaction) before it fails.
        const inside = await tx.getConnection().execute('select count(*)::int as n from identity.outbox where aggregate_id = ?', [userId], 'all', tx.getTransactionContext());
        expect(inside[0].n).toBe(1);
        throw new Error('boom after flush');
      }),
    ).rejects.toThrow('boom after flush');
    expect(userId).not.toBe('');
    expect(await rowsFor(userId)).toEqual({ users: 0, events: 0 });
  });

  it('rolls back the entity when the outbox insert fails', async () => {
    let userId = '';
    await expect(
      orm.em.fork().transactional(async (tx) => {
        userId = createUserWithEvent(tx as EntityManager, 'outbox-fails@example.org').id;
        // Corrupt the pending outbox row so the database's status check rejects it.
        for (const entity of tx.getUnitOfWork().getPersistStack()) {
          if (entity instanceof OutboxMessage) Object.assign(entity, { status: 'BOGUS' });
        }
      }),
    ).rejects.toThrow(/outbox_status_check/);
    expect(await rowsFor(userId)).toEqual({ users: 0, events: 0 });
  });
});
