import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './freePort';

const root = path.resolve(__dirname, '../..');
// The launcher's own list of subgraphs (plain JS), so every one gets a free port.
const { SUBGRAPHS } = require('../../scripts/subgraphs') as { SUBGRAPHS: { name: string; portEnv: string; metricsPortEnv: string }[] };

export interface RunningCareGraph {
  gatewayUrl: string;
  /** The gateway's internal Prometheus endpoint (GATEWAY_METRICS_PORT, on 127.0.0.1). */
  gatewayMetricsUrl: string;
  ports: { gateway: number; gatewayMetrics: number; relay: number; launcher: number; subgraphs: Record<string, number>; subgraphMetrics: Record<string, number> };
  /** Each subgraph's internal Prometheus endpoint (`<NAME>_METRICS_PORT`, on 127.0.0.1), by name. */
  subgraphMetricsUrls: Record<string, string>;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs the README's start command (`node scripts/start.js`, what `npm start` runs after its
 * build) as a real process tree with the given environment, on free ports, and waits until
 * it prints the gateway URL. Needs `npm run build` first (the test script's pretest does it).
 */
export async function startCareGraph(
  env: NodeJS.ProcessEnv,
  timeoutMs = 90000,
  /** true: CareGraph's own per-address limits, as a deployment has them (the security suite). */
  defaultLimits = false,
): Promise<RunningCareGraph> {
  const subgraphs: Record<string, number> = {};
  const subgraphMetrics: Record<string, number> = {};
  for (const subgraph of SUBGRAPHS) {
    subgraphs[subgraph.name] = await freePort();
    subgraphMetrics[subgraph.name] = await freePort();
  }
  const ports = { gateway: await freePort(), gatewayMetrics: await freePort(), relay: await freePort(), launcher: await freePort(), subgraphs, subgraphMetrics };
  const child: ChildProcess = spawn(process.execPath, ['scripts/start.js'], {
    cwd: root,
    env: {
      ...env,
      GATEWAY_PORT: String(ports.gateway),
      GATEWAY_METRICS_PORT: String(ports.gatewayMetrics),
      ...Object.fromEntries(SUBGRAPHS.map((subgraph) => [subgraph.portEnv, String(subgraphs[subgraph.name])])),
      ...Object.fromEntries(SUBGRAPHS.map((subgraph) => [subgraph.metricsPortEnv, String(subgraphMetrics[subgraph.name])])),
      RELAY_PORT: String(ports.relay),
      LAUNCHER_PORT: String(ports.launcher),
      LOG_LEVEL: env.LOG_LEVEL ?? 'warn',
      // Every test request comes from 127.0.0.1: roomy per-address limits, unless the test attacks them.
      ...(defaultLimits ? {} : { SIGNUP_MAX_PER_IP: env.SIGNUP_MAX_PER_IP ?? '1000', LOGIN_MAX_FAILURES_PER_IP: env.LOGIN_MAX_FAILURES_PER_IP ?? '1000' }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CareGraph did not start within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = () => {
      if (/Gateway: http/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CareGraph exited with ${code} before it was ready:\n${output}`));
    });
  });

  return {
    gatewayUrl: `http://localhost:${ports.gateway}/graphql`,
    gatewayMetricsUrl: `http://127.0.0.1:${ports.gatewayMetrics}/metrics`,
    subgraphMetricsUrls: Object.fromEntries(Object.entries(subgraphMetrics).map(([name, port]) => [name, `http://127.0.0.1:${port}/metrics`])),
    ports,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
