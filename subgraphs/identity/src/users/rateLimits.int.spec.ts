import { eventually } from '@caregraph/testing';
import { startIdentityHarness, type IdentityHarness } from '../__tests__/identityHarness';
import { loadIdentitySettings } from '../settings/identitySettings';

const LOG_IN = 'mutation($input: LogInInput!) { logIn(input: $input) { token } }';
const SIGN_UP = 'mutation($input: SignUpInput!) { signUp(input: $input) { token } }';
const PASSWORD = 'correct horse battery';

type Result = Awaited<ReturnType<IdentityHarness['request']>>;
const code = (result: Result) => result.errors?.[0].extensions?.code ?? 'OK';

describe('brute-force limits on logIn and signUp (in-memory store)', () => {
  describe('with the default limits', () => {
    let h: IdentityHarness;
    beforeAll(async () => {
      const { loginMaxFailuresPerAccount, loginMaxFailuresPerIp, loginWindowSeconds } = loadIdentitySettings({});
      h = await startIdentityHarness('identity_limits_default', { loginMaxFailuresPerAccount, loginMaxFailuresPerIp, loginWindowSeconds });
    });
    afterAll(() => h?.close());

    it('refuses the right password with RATE_LIMITED and retryAfter after 50 wrong ones', async () => {
      const { email } = await h.signUp();
      const codes: string[] = [];
      for (let i = 0; i < 50; i++) codes.push(code(await h.request(LOG_IN, { input: { email, password: `wrong ${i}` } }, undefined, '198.51.100.1')));
      // The account's limit (5 failures in 15 minutes) stops the guessing long before 50.
      expect(codes.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
      expect(new Set(codes.slice(5))).toEqual(new Set(['RATE_LIMITED']));

      const right = await h.request(LOG_IN, { input: { email, password: PASSWORD } }, undefined, '198.51.100.2');
      expect(right.data).toBeNull();
      expect(right.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
      const retryAfter = right.errors![0].extensions!.retryAfter as number;
      expect(retryAfter).toBeGreaterThan(800);
      expect(retryAfter).toBeLessThanOrEqual(900);
    });
  });

  describe('with small limits', () => {
    let h: IdentityHarness;
    beforeAll(async () => {
      h = await startIdentityHarness('identity_limits', { loginMaxFailuresPerAccount: 3, loginMaxFailuresPerIp: 5, loginWindowSeconds: 600, signUpMaxPerIp: 3, signUpWindowSeconds: 3600 });
    });
    afterAll(() => h?.close());

    const logIn = (email: string, password: string, ip: string) => h.request(LOG_IN, { input: { email, password } }, undefined, ip);

    it('counts failures per account across addresses, known or unknown email alike', async () => {
      const { email } = await h.signUp();
      const unknown = `ghost-${Date.now()}@example.org`;
      for (const [i, ip] of ['203.0.113.1', '203.0.113.2', '203.0.113.3'].entries()) {
        expect(code(await logIn(email, `wrong ${i}`, ip))).toBe('UNAUTHENTICATED');
        expect(code(await logIn(unknown, `wrong ${i}`, ip))).toBe('UNAUTHENTICATED');
      }
      const refusedKnown = await logIn(email, PASSWORD, '203.0.113.9');
      const refusedUnknown = await logIn(unknown, PASSWORD, '203.0.113.9');
      expect(refusedKnown.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED', retryAfter: expect.any(Number) } });
      expect(refusedUnknown.errors?.[0].message).toBe(refusedKnown.errors?.[0].message);
    });

    it('forgets an account’s failures after a successful logIn under the limit', async () => {
      const { email } = await h.signUp();
      for (let round = 0; round < 3; round++) {
        expect(code(await logIn(email, 'wrong', `192.0.2.${round}`))).toBe('UNAUTHENTICATED');
        expect(code(await logIn(email, 'wrong', `192.0.2.${round}`))).toBe('UNAUTHENTICATED');
        expect(code(await logIn(email, PASSWORD, `192.0.2.${round}`))).toBe('OK');
      }
    });

    it('counts failures per client address across accounts', async () => {
      const users = await Promise.all([h.signUp(), h.signUp(), h.signUp()]);
      const ip = '198.18.0.1';
      for (let i = 0; i < 5; i++) expect(code(await logIn(users[i % 2].email, 'wrong', ip))).toBe('UNAUTHENTICATED');
      const refused = await logIn(users[2].email, PASSWORD, ip);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
      // Another address, and the untouched account, are unaffected.
      expect(code(await logIn(users[2].email, PASSWORD, '198.18.0.2'))).toBe('OK');
    });

    it('limits signUp per client address', async () => {
      const ip = '198.18.1.1';
      const signUp = (n: number, from: string) =>
        h.request(SIGN_UP, { input: { email: `limit-${n}-${Date.now()}@example.org`, password: PASSWORD, displayName: 'S' } }, undefined, from);
      for (let n = 0; n < 3; n++) expect(code(await signUp(n, ip))).toBe('OK');
      const refused = await signUp(3, ip);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
      expect(refused.errors![0].extensions!.retryAfter).toBeGreaterThan(3500);
      expect(code(await signUp(4, '198.18.1.2'))).toBe('OK');
    });
  });

  describe('when the window ends', () => {
    let h: IdentityHarness;
    beforeAll(async () => {
      h = await startIdentityHarness('identity_limits_window', { loginMaxFailuresPerAccount: 2, loginWindowSeconds: 2 });
    });
    afterAll(() => h?.close());

    it('lets the right password in again', async () => {
      const { email } = await h.signUp();
      for (let i = 0; i < 2; i++) await h.request(LOG_IN, { input: { email, password: 'wrong' } });
      const refused = await h.request(LOG_IN, { input: { email, password: PASSWORD } });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
      expect(refused.errors![0].extensions!.retryAfter).toBeLessThanOrEqual(2);
      await eventually(async () => code(await h.request(LOG_IN, { input: { email, password: PASSWORD } })) === 'OK', 5000, 250);
    });
  });
});
