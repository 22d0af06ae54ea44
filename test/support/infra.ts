import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase } from '@caregraph/shared';

/**
 * URLs of the real servers tests use: the env vars when set, else the local default ports
 * when they answer. Without either, the test stops at once saying what to start
 * (there is no Docker engine here for testcontainers; see README "Tests").
 */
export interface Infra {
  databaseUrl: string;
  rabbitmqUrl: string;
  redisUrl: string;
}

const DEFAULTS = {
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  rabbitmqUrl: 'amqp://guest:guest@127.0.0.1:5672',
  redisUrl: 'redis://127.0.0.1:6379',
};

let cached: Promise<Infra> | undefined;

export function infra(): Promise<Infra> {
  cached ??= resolveInfra();
  return cached;
}

async function resolveInfra(): Promise<Infra> {
  const result: Infra = {
    databaseUrl: process.env.DATABASE_URL || DEFAULTS.databaseUrl,
    rabbitmqUrl: process.env.RABBITMQ_URL || DEFAULTS.rabbitmqUrl,
    redisUrl: process.env.REDIS_URL || DEFAULTS.redisUrl,
  };
  const missing: string[] = [];
  for (const [name, url] of Object.entries(result)) {
    if (!(await answers(url))) missing.push(`${name} (${url})`);
  }
  if (missing.length) {
    throw new Error(
      `These servers do not answer: ${missing.join(', ')}. Start them with "npm run services" ` +
        'or set DATABASE_URL, RABBITMQ_URL and REDIS_URL.',
    );
  }
  return result;
}

function answers(url: string): Promise<boolean> {
  const { hostname, port, protocol } = new URL(url);
  const defaultPort = { 'postgres:': 5432, 'postgresql:': 5432, 'amqp:': 5672, 'redis:': 6379 }[protocol] ?? 0;
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port) || defaultPort, timeout: 1000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

/** A fresh database of its own for one test file; `drop()` removes it. */
export async function createTestDatabase(label = 'test'): Promise<{ url: string; drop(): Promise<void> }> {
  const { databaseUrl } = await infra();
  const url = new URL(databaseUrl);
  url.pathname = `/caregraph_${label}_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(url.toString());
  return { url: url.toString(), drop: () => dropDatabase(url.toString()) };
}

/** A unique namespace for RabbitMQ names and Redis channels, so test files never cross-talk. */
export function testNamespace(label = 't'): string {
  return `${label}-${randomBytes(3).toString('hex')}.`;
}
