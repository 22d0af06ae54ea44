import { loadIdentitySettings } from './identitySettings';

describe('identity settings', () => {
  it('has documented defaults', () => {
    expect(loadIdentitySettings({})).toEqual({
      invitationTtlHours: 168,
      loginMaxFailuresPerAccount: 5,
      loginMaxFailuresPerIp: 50,
      loginWindowSeconds: 900,
      signUpMaxPerIp: 10,
      signUpWindowSeconds: 3600,
      redisUrl: undefined,
      namespace: '',
    });
  });

  it('reads each variable', () => {
    const settings = loadIdentitySettings({ LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', SIGNUP_WINDOW_SECONDS: '60', REDIS_URL: 'redis://x:6379', CAREGRAPH_NAMESPACE: 'ns.' });
    expect(settings).toMatchObject({ loginMaxFailuresPerAccount: 3, signUpWindowSeconds: 60, redisUrl: 'redis://x:6379', namespace: 'ns.' });
  });

  it.each(['0', '-1', 'ten', '2.5', ''])('refuses %j naming the variable', (value) => {
    expect(() => loadIdentitySettings({ LOGIN_MAX_FAILURES_PER_IP: value })).toThrow(/LOGIN_MAX_FAILURES_PER_IP/);
  });
});
