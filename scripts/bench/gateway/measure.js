// One measurement: a fresh gateway process, checked, warmed up (discarded), then measured.
const { freePort } = require('../../freePort');
const { startGateway } = require('./gateways');
const { stopChild } = require('./children');
const { cpuMs, peakRssMb } = require('./procStats');
const { runLoad } = require('./load');

const READY_TIMEOUT_MS = 60_000;

/** Polls with the benchmark query until the gateway answers it with the reference answer. */
async function waitForReference(url, body, expected, stderr) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(5000) });
      const text = await response.text();
      if (text === expected || text === `${expected}\n`) return;
      last = `HTTP ${response.status}: ${text.slice(0, 300)}`;
      if (response.status !== 503) break;
    } catch (error) {
      last = error.message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not give the reference answer: ${last}\n${stderr().slice(0, 3000)}`);
}

async function measure(gateway, scenario, round, { setup, subgraphs, body, expected, options }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const { child, stderr } = await startGateway(gateway, setup, port);
  try {
    await waitForReference(url, body, expected, stderr);
    const load = { url, body, expected, scenario, connections: options.connections };
    await runLoad({ ...load, seconds: options.warmupSeconds });
    await subgraphs.stats(); // resets the counters
    const subgraphCpu = () => subgraphs.pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const cpuBefore = cpuMs(child.pid);
    const subgraphCpuBefore = subgraphCpu();
    const loadCpuBefore = process.cpuUsage();
    const measured = await runLoad({ ...load, seconds: options.seconds });
    const cpuAfter = cpuMs(child.pid);
    const subgraphCpuMs = subgraphCpu() - subgraphCpuBefore;
    const loadCpu = process.cpuUsage(loadCpuBefore);
    const calls = Object.values(await subgraphs.stats());
    const requests = measured.requests;
    return {
      gateway,
      scenario,
      round,
      requests,
      seconds: measured.durationSeconds,
      rps: requests / measured.durationSeconds,
      p50: measured.p50,
      p99: measured.p99,
      cpuMsPerRequest: (cpuAfter - cpuBefore) / requests,
      subgraphCpuMsPerRequest: subgraphCpuMs / requests,
      loadGeneratorCpuMsPerRequest: (loadCpu.user + loadCpu.system) / 1000 / requests,
      subgraphCallsPerRequest: calls.reduce((sum, s) => sum + s.calls, 0) / requests,
      distinctAuthorizationsPerRequest: Math.min(...calls.map((s) => s.distinctAuthorizations)) / requests,
      peakRssMb: peakRssMb(child.pid),
      mismatches: measured.mismatches,
      non2xx: measured.non2xx,
      errors: measured.errors,
      badSample: measured.badSample,
    };
  } finally {
    await stopChild(child);
  }
}

module.exports = { measure };
