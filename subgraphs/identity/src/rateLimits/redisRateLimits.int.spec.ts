import { asGateway, infra, testNamespace } from '@caregraph/testing';
import { Redis } from 'ioredis';
import pino from 'pino';
import { startIdentityHarness, type IdentityHarness } from '../__tests__/identityHarness';
import { startIdentity, type RunningIdentity } from '../index';
import { accountKey } from '../users/logIn';

const LOG_IN = 'mutation($input: LogInInput!) { logIn(input: $input) { token } }';

describe('rate limits in Redis (services mode)', () => {
  const namespace = testNamespace('identity_limits_redis');
  let h: IdentityHarness;
  let second: RunningIdentity;
  let redis: Redis;

  beforeAll(async () => {
    const { redisUrl } = await infra();
    const settings = { redisUrl, namespace, loginMaxFailuresPerAccount: 4, loginMaxFailuresPerIp: 100, signUpMaxPerIp: 100 };
    h = await startIdentityHarness('identity_limits_redis', settings);
    // A second identity process on the same database and Redis, as in services mode with replicas.
    second = await startIdentity({ databaseUrl: h.databaseUrl, port: 0, jwtSecret: 'identity-test-secret', logger: pino({ level: 'silent' }), settings });
    redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    const keys = redis ? await redis.keys(`${namespace}*`) : [];
    if (keys.length) await redis.del(...keys);
    redis?.disconnect();
    await second?.stop();
    await h?.close();
  });

  async function logInAt(url: string, email: string, password: string): Promise<string> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asGateway()), 'x-forwarded-for': '203.0.113.50' },
      body: JSON.stringify({ query: LOG_IN, variables: { input: { email, password } } }),
    });
    const result = (await response.json()) as { errors?: { extensions: { code: string } }[] };
    return result.errors?.[0].extensions.code ?? 'OK';
  }

  it('counts under the CAREGRAPH_NAMESPACE prefix, shared by every identity process', async () => {
    const { email } = await h.signUp();
    const urls = [h.identity.url, second.url];
    for (let i = 0; i < 4; i++) expect(await logInAt(urls[i % 2], email, 'wrong')).toBe('UNAUTHENTICATED');

    expect(await logInAt(h.identity.url, email, 'correct horse battery')).toBe('RATE_LIMITED');
    expect(await logInAt(second.url, email, 'correct horse battery')).toBe('RATE_LIMITED');

    // The account's key is a digest of the email: no address is stored in Redis.
    const key = `${namespace}identity:login-account:${accountKey(email)}`;
    expect(Number(await redis.get(key))).toBeGreaterThanOrEqual(5);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
    expect(JSON.stringify(await redis.keys(`${namespace}*`))).not.toContain(email);
    expect(await redis.exists(`${namespace}identity:login-ip:203.0.113.50`)).toBe(1);
    expect((await redis.keys(`${namespace}identity:signup-ip:*`)).length).toBeGreaterThan(0);
  });
});
