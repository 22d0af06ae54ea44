import { eventually, infra, testNamespace } from '@caregraph/testing';
import type { Client } from 'graphql-ws';
import Redis from 'ioredis';
import type { RunningGateway } from '../index';
import {
  AUDIENCE, ISSUER, SECRET, accountsState, activeSubscriptions, collect, startAccounts, startFixtureGateway, token, wsClient, wsQuery,
} from '../__tests__/edgeFixture';

const codesOf = (results: { errors?: readonly { extensions?: Record<string, unknown> }[] }[]) =>
  results.flatMap((result) => (result.errors ?? []).map((error) => error.extensions?.code));
const withData = (results: { data?: unknown }[]) => results.filter((result) => result.data);

describe('live access ends when access ends', () => {
  let accounts: Awaited<ReturnType<typeof startAccounts>>;
  let gateway: RunningGateway;
  let redis: Redis;
  let prefix: string;
  const clients: Client[] = [];
  const client = (authorization: string, lazy = true) => {
    const created = wsClient(gateway, authorization, {}, lazy);
    clients.push(created);
    return created;
  };
  const publish = (userId: string, id: string) => redis.publish(`${prefix}users.${userId}`, JSON.stringify({ id, userId }));
  const revoke = (userId: string) =>
    redis.publish(`${prefix}revocations`, JSON.stringify({ type: 'care_circle.member_removed', data: { careCircleId: 'c1', userId, role: 'VIEWER', removedBy: 'u0' } }));
  const query = (userId: string) => `subscription { userEvents(userId: "${userId}") { id user { name } } }`;

  beforeAll(async () => {
    const { redisUrl } = await infra();
    redis = new Redis(redisUrl);
    prefix = testNamespace('edge-live');
    accounts = await startAccounts();
    gateway = await startFixtureGateway(accounts.url, {
      auth: { jwtSecret: SECRET, issuer: ISSUER, audience: AUDIENCE },
      redisUrl,
      channelPrefix: prefix,
      revocation: { channel: 'revocations', subject: 'data.userId' },
    });
  });

  afterEach(() => {
    accountsState.revoked.clear();
    accountsState.slowNames.clear();
  });

  afterAll(async () => {
    await Promise.all(clients.map((created) => created.dispose()));
    await gateway?.stop();
    await accounts?.stop();
    redis?.disconnect();
  });

  it("ends a stream with UNAUTHENTICATED at the token's exp, dropping the event being executed", async () => {
    const exp = Math.floor(Date.now() / 1000) + 3;
    const socket = client(`Bearer ${await token('u50', { exp })}`, false);
    const subscription = collect(socket, query('u50'));
    await eventually(async () => (await activeSubscriptions(gateway)) === 1);
    await publish('u50', 'e1');
    await eventually(() => subscription.results.length === 1);

    // Still executing when exp passes: resolving the name takes longer than the token lives.
    accountsState.slowNames.set('u50', exp * 1000 - Date.now() + 1500);
    await publish('u50', 'e2');
    await eventually(() => subscription.state.complete, 6000);
    expect(subscription.state.completedAt! - exp * 1000).toBeLessThan(1000);
    expect(withData(subscription.results)).toEqual([{ data: { userEvents: { id: 'e1', user: { name: 'Name of u50' } } } }]);
    expect(subscription.results.at(-1)?.errors?.[0]).toMatchObject({ message: 'Token expired', extensions: { code: 'UNAUTHENTICATED' } });

    // The socket stays open, but its expired token opens nothing new.
    const again = collect(socket, query('u50'));
    await eventually(() => again.state.error !== undefined);
    expect((again.state.error as { extensions?: Record<string, unknown> }[])[0].extensions?.code).toBe('UNAUTHENTICATED');
    const fresh = client(`Bearer ${await token('u50')}`);
    expect(await wsQuery(fresh, '{ ping }')).toEqual({ data: { ping: 'pong' } });
  });

  it('ends a revoked user\'s streams with FORBIDDEN within a second, including an event in flight; others go on', async () => {
    const revoked = collect(client(`Bearer ${await token('u60')}`), query('u60'));
    const kept = collect(client(`Bearer ${await token('u60')}`), 'subscription { userEvents(userId: "u60") { id } }');
    const other = collect(client(`Bearer ${await token('u61')}`), query('u61'));
    await eventually(async () => (await activeSubscriptions(gateway)) === 3);
    await publish('u60', 'e1');
    await eventually(() => revoked.results.length === 1 && kept.results.length === 1);

    accountsState.slowNames.set('u60', 1500); // e2 is still being executed when the revocation arrives
    await publish('u60', 'e2');
    accountsState.revoked.add('u60');
    const revokedAt = Date.now();
    await revoke('u60');
    await publish('u60', 'e3');
    await publish('u61', 'e3');
    await eventually(() => revoked.state.complete && kept.state.complete);
    expect(revoked.state.completedAt! - revokedAt).toBeLessThan(1000);
    expect(withData(revoked.results)).toHaveLength(1);
    expect(codesOf(revoked.results)).toEqual(['FORBIDDEN']);
    // e2 needs no slow field here, so it may have been delivered before the revocation arrived; e3 never is.
    const keptIds = kept.results.map((result) => (result.data as { userEvents?: { id: string } } | undefined)?.userEvents?.id ?? result.errors?.[0].extensions?.code);
    expect(keptIds.at(-1)).toBe('FORBIDDEN');
    expect(keptIds).not.toContain('e3');

    await eventually(() => other.results.length === 1);
    expect(other.results).toEqual([{ data: { userEvents: { id: 'e3', user: { name: 'Name of u61' } } } }]);
    expect(other.state.complete).toBe(false);
    const fresh = client(`Bearer ${await token('u61')}`);
    expect(await wsQuery(fresh, '{ ping }')).toEqual({ data: { ping: 'pong' } });
  });

  it('resumes the streams of a named user whose access still holds', async () => {
    const subscription = collect(client(`Bearer ${await token('u70')}`), query('u70'));
    await eventually(async () => (await activeSubscriptions(gateway)) >= 1 && subscription.state.error === undefined);
    await eventually(async () => {
      await publish('u70', 'e1');
      return subscription.results.length > 0;
    });
    await revoke('u70');
    await publish('u70', 'e2');
    await eventually(() => subscription.results.some((result) => (result.data as { userEvents: { id: string } } | undefined)?.userEvents.id === 'e2'));
    expect(codesOf(subscription.results)).toEqual([]);
    expect(subscription.state.complete).toBe(false);
  });
});
