import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InMemoryPubSub } from '@caregraph/shared';
import { eventually } from '@caregraph/testing';
import type { Client } from 'graphql-ws';
import type { RunningGateway } from '../index';
import { startGateway } from '../startGateway';
import {
  AUDIENCE, ISSUER, SECRET, USER_EVENTS, accountsState, activeSubscriptions, collect, post, startAccounts, supergraphSdl, token, wsClient,
} from '../__tests__/edgeFixture';

/** The gateway's count of reloads with this outcome. */
async function reloads(gateway: RunningGateway, outcome: 'applied' | 'refused'): Promise<number> {
  const line = (await (await fetch(gateway.metricsUrl!)).text()).split('\n').find((l) => l.startsWith(`gateway_supergraph_reloads_total{outcome="${outcome}"}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

describe('supergraph reloads keep live subscriptions', () => {
  let accounts: Awaited<ReturnType<typeof startAccounts>>;
  let gateway: RunningGateway;
  let pubsub: InMemoryPubSub;
  let dir: string;
  let file: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    accounts = await startAccounts();
    pubsub = new InMemoryPubSub();
    dir = await mkdtemp(path.join(tmpdir(), 'caregraph-reload-'));
    file = path.join(dir, 'supergraph.graphql');
    await writeFile(file, supergraphSdl('name: String!'));
    gateway = await startGateway({
      supergraphPath: file,
      supergraphReload: { intervalSeconds: 0.05 },
      port: 0,
      host: '127.0.0.1',
      subgraphUrls: { ACCOUNTS: accounts.url },
      subscriptions: { userEvents: USER_EVENTS },
      eventSource: pubsub,
      auth: { jwtSecret: SECRET, issuer: ISSUER, audience: AUDIENCE },
      logLevel: 'silent',
      metricsPort: 0,
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await gateway?.stop();
    await accounts?.stop();
    await pubsub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const subscribe = async (selection: string) => {
    const client = wsClient(gateway, `Bearer ${await token('u1')}`);
    clients.push(client);
    return collect(client, `subscription { userEvents(userId: "u1") { ${selection} } }`);
  };
  const publish = (id: string) => pubsub.publish('users.u1', { id, userId: 'u1' });
  const ids = (stream: Awaited<ReturnType<typeof subscribe>>) => stream.results.map((result) => (result.data as { userEvents: { id: string } }).userEvents.id);
  const reload = async (sdl: string, outcome: 'applied' | 'refused') => {
    const before = await reloads(gateway, outcome);
    // Replaced in one rename, as npm run compose does, so the gateway never reads half of it.
    await writeFile(`${file}.tmp`, sdl);
    await rename(`${file}.tmp`, file);
    await eventually(async () => expect(await reloads(gateway, outcome)).toBe(before + 1), 10000);
  };
  const query = async (text: string) => (await (await post(gateway, text, { authorization: `Bearer ${await token('u1')}` })).json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };

  it('streams through a reload that adds a field and one that removes another, missing no event; ends only what lost its fields', async () => {
    const withName = await subscribe('id user { name }');
    const idOnly = await subscribe('id');
    await eventually(async () => expect(await activeSubscriptions(gateway)).toBe(2));
    await publish('e1');
    await eventually(() => expect([ids(withName), ids(idOnly)]).toEqual([['e1'], ['e1']]));
    expect(withName.results[0].data).toEqual({ userEvents: { id: 'e1', user: { name: 'Name of u1' } } });
    expect((await query('{ user(id: "u1") { nickname } }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    // Adds User.nickname: new operations use it at once; the open ones go on.
    await reload(supergraphSdl('name: String! nickname: String!'), 'applied');
    expect((await query('{ user(id: "u1") { nickname } }')).data).toEqual({ user: { nickname: 'Nick of u1' } });
    const withNickname = await subscribe('id user { nickname }');
    await eventually(async () => expect(await activeSubscriptions(gateway)).toBe(3));
    await publish('e2');
    await eventually(() => expect([ids(withName), ids(idOnly), ids(withNickname)]).toEqual([['e1', 'e2'], ['e1', 'e2'], ['e2']]));
    expect(withName.results[1].data).toEqual({ userEvents: { id: 'e2', user: { name: 'Name of u1' } } });
    expect(withNickname.results[0].data).toEqual({ userEvents: { id: 'e2', user: { nickname: 'Nick of u1' } } });

    // Removes User.name: the subscription selecting it ends, naming it; the others miss nothing.
    await reload(supergraphSdl('nickname: String!'), 'applied');
    await eventually(() => expect(withName.state.complete).toBe(true));
    const ending = withName.results.at(-1)!;
    expect(ending.errors?.[0]).toMatchObject({ extensions: { code: 'SUBSCRIPTION_SCHEMA_CHANGED' } });
    expect(ending.errors?.[0].message).toMatch(/Cannot query field "name" on type "User"/);
    await publish('e3');
    await eventually(() => expect([ids(idOnly), ids(withNickname)]).toEqual([['e1', 'e2', 'e3'], ['e2', 'e3']]));
    await eventually(async () => expect(await activeSubscriptions(gateway)).toBe(2));
  });

  it('refuses an invalid supergraph and one the subscription config does not fit, counting them, and keeps serving the old one', async () => {
    const stream = await subscribe('id user { nickname }');
    await eventually(async () => expect(await activeSubscriptions(gateway)).toBe(3));
    await reload('this is not a supergraph', 'refused');
    // Without the live subgraph there is no Subscription.userEvents for the config to feed.
    await reload(supergraphSdl('nickname: String!', false), 'refused');
    await publish('e4');
    await eventually(() => expect(ids(stream)).toEqual(['e4']));
    expect(stream.results[0].data).toEqual({ userEvents: { id: 'e4', user: { nickname: 'Nick of u1' } } });
    expect((await query('{ user(id: "u1") { nickname } }')).data).toEqual({ user: { nickname: 'Nick of u1' } });
    expect(await reloads(gateway, 'applied')).toBe(2);
  });

  it('lets an HTTP query in flight finish on the schema it started with', async () => {
    await reload(supergraphSdl('name: String! nickname: String!'), 'applied');
    accountsState.slowNames.set('u1', 1500);
    try {
      const started = accountsState.namesStarted;
      const inFlight = query('{ user(id: "u1") { name } }');
      // The field goes while the query waits for the subgraph's answer.
      await eventually(() => expect(accountsState.namesStarted).toBe(started + 1));
      await reload(supergraphSdl('nickname: String!'), 'applied');
      expect(await inFlight).toEqual({ data: { user: { name: 'Name of u1' } } });
      expect((await query('{ user(id: "u1") { name } }')).errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    } finally {
      accountsState.slowNames.delete('u1');
    }
  });
});
