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

/**
 * Reads (and so resets) the subgraphs' counters until two reads in a row find no call, so that
 * requests still in flight when the load stopped are counted (bounded: 100 reads, 100 ms apart).
 * Resolves to the calls and distinct Authorization values per subgraph, summed over the reads.
 */
async function drainSubgraphs(subgraphs) {
  const total = {};
  let quiet = 0;
  for (let i = 0; i < 100 && quiet < 2; i++) {
    const stats = await subgraphs.stats();
    let calls = 0;
    for (const [name, s] of Object.entries(stats)) {
      total[name] ??= { calls: 0, distinctAuthorizations: 0 };
      total[name].calls += s.calls;
      total[name].distinctAuthorizations += s.distinctAuthorizations;
      calls += s.calls;
    }
    quiet = calls === 0 ? quiet + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Object.values(total);
}

async function measure(gateway, scenario, round, { setup, subgraphs, body, expected, options }) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/graphql`;
  const { child, stderr } = await startGateway(gateway, setup, port);
  try {
    await waitForReference(url, body, expected, stderr);
    const load = { url, body, expected, scenario, connections: options.connections };
    // Warm-up, discarded: --warmup seconds, repeated (at most 4 times) until the gateway has
    // answered --warmup-requests, since a gateway that starts slow stays cold for seconds.
    let warmed = 0;
    let warmupBad = 0;
    for (let i = 0; i < 4 && warmed < options.warmupRequests; i++) {
      const warmup = await runLoad({ ...load, seconds: options.warmupSeconds });
      warmed += warmup.requests;
      warmupBad += warmup.mismatches + warmup.non2xx + warmup.errors;
      await drainSubgraphs(subgraphs); // the warm-up's last requests; then the counters start from zero
    }
    const subgraphCpu = () => subgraphs.pids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    const cpuBefore = cpuMs(child.pid);
    const subgraphCpuBefore = subgraphCpu();
    const loadCpuBefore = process.cpuUsage();
    const measured = await runLoad({ ...load, seconds: options.seconds });
    const cpuAfter = cpuMs(child.pid);
    const subgraphCpuMs = subgraphCpu() - subgraphCpuBefore;
    const loadCpu = process.cpuUsage(loadCpuBefore);
    const calls = await drainSubgraphs(subgraphs);
    const requests = measured.requests;
    // Requests sent, answered or still in flight when the load stopped: the gateway goes on with
    // those in flight, so their subgraph calls are counted too (by drainSubgraphs).
    const sent = Math.max(measured.sent, requests);
    return {
      gateway,
      scenario,
      round,
      warmupRequests: warmed,
      warmupBadAnswers: warmupBad,
      requests,
      seconds: measured.durationSeconds,
      rps: requests / measured.durationSeconds,
      p50: measured.p50,
      p99: measured.p99,
      cpuMsPerRequest: (cpuAfter - cpuBefore) / requests,
      subgraphCpuMsPerRequest: subgraphCpuMs / requests,
      loadGeneratorCpuMsPerRequest: (loadCpu.user + loadCpu.system) / 1000 / requests,
      subgraphCallsPerRequest: calls.reduce((sum, s) => sum + s.calls, 0) / sent,
      distinctAuthorizationsPerRequest: Math.min(...calls.map((s) => s.distinctAuthorizations)) / sent,
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
