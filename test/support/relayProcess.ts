import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { eventually } from './eventually';
import { freePort } from './freePort';

const root = path.resolve(__dirname, '../..');

export interface RelayProcess {
  port: number;
  /** The process's Prometheus text. */
  metrics(): Promise<string>;
  /** SIGTERM (graceful) or SIGKILL (a crash); resolves when it has exited. */
  stop(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/**
 * Runs `event-relay/dist/main.js` (services mode) as its own process with the given env (e.g.
 * `RELAY_ROLES=sagas`), on a free port, and waits until its /health answers. Needs a build.
 */
export async function startRelayProcess(env: NodeJS.ProcessEnv): Promise<RelayProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['event-relay/dist/main.js'], {
    cwd: root,
    env: { ...env, RELAY_PORT: String(port), LOG_LEVEL: env.LOG_LEVEL ?? 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await eventually(async () => {
    if (child.exitCode !== null) throw new Error(`event-relay exited with ${child.exitCode}: ${output}`);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBeLessThan(500);
  }, 60000, 200);
  return {
    port,
    metrics: async () => (await fetch(`http://127.0.0.1:${port}/metrics`)).text(),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}
