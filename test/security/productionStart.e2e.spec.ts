import { spawn } from 'node:child_process';
import path from 'node:path';
import { DEV_JWT_SECRET, DEV_SUBGRAPH_SECRET } from '@caregraph/shared';

const root = path.resolve(__dirname, '../..');
const STRONG = 'p'.repeat(48);
const SERVICES = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/caregraph_never_created',
  RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:5672',
  REDIS_URL: 'redis://127.0.0.1:6379',
};

/** Runs a CareGraph entry point and returns its exit code and output; it must refuse within 20 s. */
function run(script: string, env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: root,
      // Only what the case sets: no secrets inherited from the developer's shell.
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not refuse to start within 20 s:\n${output}`));
    }, 20000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('a production start refuses unsafe configuration', () => {
  it.each([
    ['no JWT_SECRET', { SUBGRAPH_SECRET: STRONG }, /JWT_SECRET: must be set in production/],
    ['the development JWT_SECRET', { JWT_SECRET: DEV_JWT_SECRET, SUBGRAPH_SECRET: STRONG }, /JWT_SECRET: is the public development default/],
    ['a short JWT_SECRET', { JWT_SECRET: 'short', SUBGRAPH_SECRET: STRONG }, /JWT_SECRET: must be at least 32 bytes/],
    ['no SUBGRAPH_SECRET', { JWT_SECRET: STRONG }, /SUBGRAPH_SECRET: must be set in production/],
    ['the development SUBGRAPH_SECRET', { JWT_SECRET: STRONG, SUBGRAPH_SECRET: DEV_SUBGRAPH_SECRET }, /SUBGRAPH_SECRET: is the public development default/],
  ])('npm start refuses %s', async (_label, secrets, message) => {
    const { code, output } = await run('scripts/start.js', { NODE_ENV: 'production', ...SERVICES, ...secrets });
    expect(code).toBe(1);
    expect(output).toMatch(message);
  });

  it('a subgraph process started on its own refuses the development secret too', async () => {
    const { code, output } = await run('subgraphs/identity/dist/main.js', { NODE_ENV: 'production', DATABASE_URL: SERVICES.DATABASE_URL, SUBGRAPH_SECRET: STRONG });
    expect(code).toBe(1);
    expect(output).toMatch(/JWT_SECRET: must be set in production/);
  });

  it.each([
    ['an unparsable port', { CARE_PORT: 'abc' }, /CARE_PORT: "abc" is not a port number/],
    ['a bad URL', { DATABASE_URL: 'not a url', RABBITMQ_URL: SERVICES.RABBITMQ_URL, REDIS_URL: SERVICES.REDIS_URL }, /DATABASE_URL/],
    ['an unknown mode', { CAREGRAPH_MODE: 'cluster' }, /CAREGRAPH_MODE/],
    ['a mode the URLs contradict', { CAREGRAPH_MODE: 'services' }, /CAREGRAPH_MODE: is services, but embedded mode follows/],
  ])('npm start names the variable of %s', async (_label, env, message) => {
    const { code, output } = await run('scripts/start.js', env);
    expect(code).toBe(1);
    expect(output).toMatch(message);
  });

  it('the event relay names a bad setting of its own', async () => {
    const { code, output } = await run('event-relay/dist/main.js', { ...SERVICES, OUTBOX_BATCH_SIZE: 'lots' });
    expect(code).toBe(1);
    expect(output).toMatch(/OUTBOX_BATCH_SIZE/);
  });
});
