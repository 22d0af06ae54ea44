import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, infra, testNamespace } from '@caregraph/testing';
import type { Client, ExecutionResult } from 'graphql-ws';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import type { RunningGateway } from '../index';
import {
  AUDIENCE, ISSUER, SECRET, collect, post, startAccounts, startFixtureGateway, token, unsignedToken, wsClient, wsQuery,
} from '../__tests__/edgeFixture';

describe('authentication at the edge', () => {
  let accounts: Awaited<ReturnType<typeof startAccounts>>;
  let gateway: RunningGateway;
  let open: RunningGateway;
  let jwks: RunningGateway;
  let edPrivate: KeyLike;
  let otherEdPrivate: KeyLike;
  const clients: Client[] = [];
  const client = (...args: Parameters<typeof wsClient>) => {
    const created = wsClient(...args);
    clients.push(created);
    return created;
  };

  const edToken = (key: KeyLike, sub = 'u1') =>
    new SignJWT({}).setProtectedHeader({ alg: 'EdDSA', kid: 'k1' }).setSubject(sub).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(key);

  beforeAll(async () => {
    const { redisUrl } = await infra();
    accounts = await startAccounts();
    gateway = await startFixtureGateway(accounts.url, {
      auth: { jwtSecret: SECRET, issuer: ISSUER, audience: AUDIENCE },
      redisUrl,
      channelPrefix: testNamespace('edge-auth'),
    });
    // No auth settings: the gateway stays a pass-through, tokens are forwarded unverified.
    open = await startFixtureGateway(accounts.url, { redisUrl, channelPrefix: testNamespace('edge-open') });

    const pair = await generateKeyPair('EdDSA');
    edPrivate = pair.privateKey;
    otherEdPrivate = (await generateKeyPair('EdDSA')).privateKey;
    const dir = await mkdtemp(join(tmpdir(), 'gateway-jwks-'));
    const jwksFile = join(dir, 'jwks.json');
    await writeFile(jwksFile, JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' }] }));
    jwks = await startFixtureGateway(accounts.url, {
      auth: { jwksFile, issuer: ISSUER, audience: AUDIENCE },
      redisUrl,
      channelPrefix: testNamespace('edge-jwks'),
    });
  });

  afterAll(async () => {
    await Promise.all(clients.map((created) => created.dispose()));
    await gateway?.stop();
    await open?.stop();
    await jwks?.stop();
    await accounts?.stop();
  });

  const badTokens: [string, () => Promise<string> | string][] = [
    ['a wrong issuer', () => token('u1', { iss: 'someone-else' })],
    ['a wrong audience', () => token('u1', { aud: 'another-api' })],
    ['alg none', () => unsignedToken('u1')],
    ['a wrong key', () => token('u1', { secret: 'another-secret-of-sufficient-length' })],
    ['an expired token', () => token('u1', { exp: Math.floor(Date.now() / 1000) - 60 })],
  ];

  it.each(badTokens)('answers %s over HTTP with 401 UNAUTHENTICATED', async (_name, make) => {
    const response = await post(gateway, '{ user(id: "u1") { name } }', { authorization: `Bearer ${await make()}` });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ExecutionResult).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it.each(badTokens)('closes a websocket whose connection_init carries %s with 4403', async (_name, make) => {
    const refused = client(gateway, `Bearer ${await make()}`);
    const subscription = collect(refused, 'subscription { userEvents(userId: "u1") { id } }');
    await eventually(() => refused.closeCodes.length > 0);
    expect(refused.closeCodes).toEqual([4403]);
    expect(subscription.results).toEqual([]);
  });

  it('serves a valid token after every refusal, over HTTP and websockets', async () => {
    const response = await post(gateway, '{ user(id: "u1") { name } }', { authorization: `Bearer ${await token('u1')}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { user: { name: 'Name of u1' } } });
    const accepted = client(gateway, `Bearer ${await token('u1')}`);
    expect(await wsQuery(accepted, '{ ping }')).toEqual({ data: { ping: 'pong' } });
  });

  it('without auth settings forwards any token unverified', async () => {
    const response = await post(open, '{ user(id: "u1") { name } }', { authorization: `Bearer ${await token('u1', { iss: 'someone-else' })}` });
    expect(await response.json()).toEqual({ data: { user: { name: 'Name of u1' } } });
  });

  it('verifies EdDSA tokens against a JWKS file', async () => {
    const valid = await post(jwks, '{ user(id: "u1") { name } }', { authorization: `Bearer ${await edToken(edPrivate)}` });
    expect(await valid.json()).toEqual({ data: { user: { name: 'Name of u1' } } });
    for (const bad of [await edToken(otherEdPrivate), await token('u1')]) {
      const refused = await post(jwks, '{ ping }', { authorization: `Bearer ${bad}` });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as ExecutionResult).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
    const socket = client(jwks, `Bearer ${await edToken(edPrivate)}`);
    expect(await wsQuery(socket, '{ ping }')).toEqual({ data: { ping: 'pong' } });
  });
});
