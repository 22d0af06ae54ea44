import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './freePort';

/** The node's Erlang distribution port lies this far above its AMQP port. */
const DIST_PORT_OFFSET = 10000;

/** A RabbitMQ node of one test file's own, safe to stop while others use the shared broker. */
export interface RabbitNode {
  url: string;
  node: string;
  /** `rabbitmqctl stop_app`: the broker goes away, the Erlang node stays. */
  stopApp(): Promise<void>;
  /** `rabbitmqctl start_app`, resolving once the broker accepts connections again. */
  startApp(): Promise<void>;
  /** Stops the node and removes its data and logs. */
  shutdown(): Promise<void>;
}

/**
 * Starts a private RabbitMQ node on free ports (about 10 s). Outage tests stop and start this
 * one, never the shared broker on 5672 that other test runs use at the same time.
 */
export async function startRabbitNode(label = 'test'): Promise<RabbitNode> {
  if (spawnSync('sh', ['-c', 'command -v rabbitmq-server && command -v rabbitmqctl']).status !== 0) {
    throw new Error('rabbitmq-server is not installed: outage tests need it to run a private RabbitMQ node.');
  }
  const port = await freePort({ offset: DIST_PORT_OFFSET });
  const node = `caregraph-${label}-${randomBytes(3).toString('hex')}@localhost`;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'caregraph-rabbit-'));
  // rabbitmq-server drops root for the rabbitmq user, which must write here.
  chmodSync(dir, 0o777);
  const config = path.join(dir, 'rabbitmq.conf');
  writeFileSync(config, `listeners.tcp.local = 127.0.0.1:${port}\n`);
  const env = {
    ...process.env,
    RABBITMQ_NODENAME: node,
    RABBITMQ_CONFIG_FILE: config,
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(port + DIST_PORT_OFFSET),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbit.pid'),
  };
  await run('rabbitmq-server', ['-detached'], env, dir);
  const ctl = (...args: string[]) => run('rabbitmqctl', ['-n', node, ...args], env);
  const awaitStartup = async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await ctl('await_startup', '--timeout', '30');
        return;
      } catch (error) {
        // While the node boots, rabbitmqctl may answer rabbit_is_not_running or nodedown.
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };
  try {
    await awaitStartup();
  } catch (error) {
    await ctl('stop').catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`The private RabbitMQ node ${node} did not start: ${(error as Error).message}`);
  }
  return {
    url: `amqp://guest:guest@127.0.0.1:${port}`,
    node,
    stopApp: async () => void (await ctl('stop_app')),
    startApp: async () => {
      await ctl('start_app');
      await awaitStartup();
    },
    shutdown: async () => {
      await ctl('stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, cwd, timeout: 90_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} failed: ${stderr || stdout || error.message}`));
      else resolve(stdout);
    });
  });
}
