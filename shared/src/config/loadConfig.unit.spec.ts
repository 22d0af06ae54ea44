import { ConfigError } from './readEnv';
import { DEV_JWT_SECRET, DEV_SUBGRAPH_SECRET, loadConfig } from './loadConfig';

const strong = 'x'.repeat(48);

describe('loadConfig', () => {
  it('falls back to the development secrets outside production', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ jwtSecret: DEV_JWT_SECRET, subgraphSecret: DEV_SUBGRAPH_SECRET, mode: 'embedded', production: false, subgraphHost: '127.0.0.1' });
  });

  it.each([
    ['missing', undefined, /JWT_SECRET: must be set in production/],
    ['the development default', DEV_JWT_SECRET, /JWT_SECRET: is the public development default/],
    ['shorter than 32 bytes', 'short-secret', /JWT_SECRET: must be at least 32 bytes/],
  ])('refuses production when JWT_SECRET is %s', (_label, secret, message) => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: secret, SUBGRAPH_SECRET: strong })).toThrow(message);
  });

  it('refuses production without a subgraph secret of its own', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: strong })).toThrow(/SUBGRAPH_SECRET: must be set in production/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: strong, SUBGRAPH_SECRET: DEV_SUBGRAPH_SECRET })).toThrow(/SUBGRAPH_SECRET/);
  });

  it('starts production with strong secrets, or with asymmetric keys instead of JWT_SECRET', () => {
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: strong, SUBGRAPH_SECRET: strong }).production).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', JWT_JWKS_FILE: '/etc/caregraph/jwks.json', SUBGRAPH_SECRET: strong }).jwksFile).toBe('/etc/caregraph/jwks.json');
  });

  it('names the variable of a bad URL, an unknown mode, NODE_ENV or a bad duration', () => {
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow(/NODE_ENV/);
    expect(() => loadConfig({ CAREGRAPH_MODE: 'cluster' })).toThrow(/CAREGRAPH_MODE/);
    expect(() => loadConfig({ JWT_TTL: 'forever' })).toThrow(/JWT_TTL/);
    expect(() => loadConfig({ CAREGRAPH_MODE: 'services' })).toThrow(ConfigError);
  });

  it('reports every bad variable at once', () => {
    expect(() => loadConfig({ DATABASE_URL: 'nope', REDIS_URL: 'nope either' })).toThrow(/DATABASE_URL.*REDIS_URL|REDIS_URL.*DATABASE_URL/);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', JWT_SECRET: '' }).databaseUrl).toBeUndefined();
  });
});
