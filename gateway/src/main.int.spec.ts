import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@caregraph/testing';
import { startFixtureSubgraphs } from './testing/startFixtureSubgraphs';

const MAIN = path.resolve(__dirname, '../dist/main.js');

/** Runs `node gateway/dist/main.js` until it prints its URL (then stops it) or exits. */
function runMain(args: string[], env: Record<string, string>, probe?: (url: string) => Promise<void>) {
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`main.js hung:\n${output}`)); }, 20000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const url = /gateway listening on (\S+)/.exec(output)?.[1];
      if (url && !child.killed) {
        child.stdout!.off('data', onData);
        (probe ? probe(url) : Promise.resolve()).finally(() => child.kill('SIGTERM')).catch(reject);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk) => { output += chunk; });
    child.once('exit', (code) => { clearTimeout(timer); resolve({ code, output }); });
  });
}

describe('node gateway/dist/main.js', () => {
  let fixtures: Awaited<ReturnType<typeof startFixtureSubgraphs>>;
  let dir: string;
  let supergraph: string;
  const config = (content: unknown) => {
    const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  beforeAll(async () => {
    fixtures = await startFixtureSubgraphs();
    dir = mkdtempSync(path.join(tmpdir(), 'gateway-main-'));
    supergraph = path.join(dir, 'supergraph.graphql');
    writeFileSync(supergraph, fixtures.supergraphSdl);
  });
  afterAll(() => fixtures?.stop());

  it('starts on any supergraph without auth settings, in production too, with production defaults', async () => {
    let introspection: unknown;
    const { code, output } = await runMain(['--supergraph', supergraph, '--port', String(await freePort())], { NODE_ENV: 'production' }, async (url) => {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }) });
      introspection = await response.json();
    });
    expect(output).toMatch(/gateway listening on/);
    expect(code).toBe(0);
    expect(JSON.stringify(introspection)).toMatch(/introspection is not allowed/i);
  });

  it('turns introspection on in production with GATEWAY_INTROSPECTION=true and serves metrics on GATEWAY_METRICS_PORT', async () => {
    const metricsPort = await freePort();
    let data: unknown;
    let metrics = '';
    await runMain(['--supergraph', supergraph, '--port', String(await freePort())], { NODE_ENV: 'production', GATEWAY_INTROSPECTION: 'true', GATEWAY_METRICS_PORT: String(metricsPort) }, async (url) => {
      data = await (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }) })).json();
      metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    });
    expect(data).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    expect(metrics).toContain('gateway_operations_total');
  });

  it('reports a missing SUBGRAPH_SECRET in production when it guards subscriptions or auth', async () => {
    const file = config({ auth: { jwtSecret: 'a-jwt-secret-that-is-long-enough-1234' } });
    const { output } = await runMain(['--supergraph', supergraph, '--config', file, '--port', String(await freePort())], { NODE_ENV: 'production' });
    expect(output).toMatch(/"level":50.*SUBGRAPH_SECRET is not set/);
  });

  it.each([
    ['GATEWAY_PORT', { GATEWAY_PORT: 'forty' }],
    ['GATEWAY_METRICS_PORT', { GATEWAY_METRICS_PORT: '70000' }],
    ['REDIS_URL', { REDIS_URL: 'localhost:6379' }],
    ['SUBGRAPH_URL_CATALOG', { SUBGRAPH_URL_CATALOG: 'not a url' }],
    ['GATEWAY_INTROSPECTION', { GATEWAY_INTROSPECTION: 'yes please' }],
  ])('refuses to start with a bad %s, naming it', async (name, env) => {
    const { code, output } = await runMain(['--supergraph', supergraph], env as Record<string, string>);
    expect(code).toBe(1);
    expect(output).toContain(name);
  });

  it.each([
    ['an unknown setting', { limits: { maxDepht: 3 } }, /limits: Unrecognized key: "maxDepht"/],
    ['an unparsable port', { port: 'eighty' }, /port: /],
    ['a bad CORS origin', { cors: { origins: ['not a url'] } }, /cors\.origins\.0/],
    ['a negative limit', { limits: { maxCost: -1 } }, /limits\.maxCost/],
    ['an unknown subscription key', { subscriptions: { x: { channel: 'c', result: {}, reauthorise: 1 } } }, /subscriptions\.x: Unrecognized key: "reauthorise"/],
  ])('refuses to start with %s in the config file, naming its path', async (_case, content, message) => {
    const { code, output } = await runMain(['--supergraph', supergraph, '--config', config(content)], {});
    expect(code).toBe(1);
    expect(output).toMatch(message);
  });

  it('refuses an unparsable --port', async () => {
    const { code, output } = await runMain(['--supergraph', supergraph, '--port', '80a'], {});
    expect(code).toBe(1);
    expect(output).toMatch(/--port/);
  });
});
