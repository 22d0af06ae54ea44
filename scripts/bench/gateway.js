// `npm run bench -- gateway`: CareGraph's gateway against its peers (issue 9, part 1).
// The four federation benchmark subgraphs (accounts, inventory, products, reviews; static data,
// each its own process) serve the deep benchmark query through, in interleaved rounds and each
// time as a fresh process: CareGraph's gateway (gateway/dist/main.js, production), stock
// @apollo/gateway + @apollo/server, Hive Gateway, and Hive Gateway with its Rust query planner
// (@graphql-hive/router-runtime). Scenario (a) sends the same request on every connection;
// (b) gives every request its own Authorization header, which every gateway forwards, so no
// gateway can share work between requests. Every answer is checked against a reference built
// from the data. Reports RPS, p50/p99, gateway CPU ms per request (/proc utime+stime over the
// measured window), subgraph calls per request (counted at the subgraphs), peak RSS (VmHWM),
// and CareGraph's ratios to each peer. See scripts/bench/gateway/options.js for the flags.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseOptions } = require('./gateway/options');
const { ensurePeers } = require('./gateway/ensurePeers');
const { stopAll } = require('./gateway/children');
const { startSubgraphs } = require('./gateway/subgraphProcesses');
const { composeSupergraph } = require('./gateway/supergraph');
const { writeCareGraphConfig } = require('./gateway/gateways');
const { QUERY, expectedAnswer } = require('./gateway/benchData');
const { measure } = require('./gateway/measure');
const { printReport } = require('./gateway/report');

const ROOT = path.resolve(__dirname, '../..');

async function run(args) {
  const options = parseOptions(args);
  if (options.gateways.includes('caregraph') && !fs.existsSync(path.join(ROOT, 'gateway/dist/main.js'))) {
    throw new Error('gateway/dist/main.js is missing: run `npm run build` first');
  }
  ensurePeers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-gateway-bench-'));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir); // also after SIGINT, which ends the process from children.js
  try {
    const subgraphs = await startSubgraphs();
    const supergraphFile = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(supergraphFile, composeSupergraph(subgraphs.urls));
    const context = {
      setup: { supergraphFile, subgraphUrls: subgraphs.urls, careGraphConfig: writeCareGraphConfig(dir, supergraphFile) },
      subgraphs,
      body: JSON.stringify({ query: QUERY }),
      expected: expectedAnswer(),
      options,
    };
    console.log(`deep benchmark query, answer ${context.expected.length} bytes; gateways: ${options.gateways.join(', ')}; node ${process.version}, ${os.cpus().length} cores`);
    const results = [];
    for (let round = 1; round <= options.rounds; round++) {
      // Interleaved: every gateway once per round and scenario, the order rotated each round.
      const shift = (round - 1) % options.gateways.length;
      const order = [...options.gateways.slice(shift), ...options.gateways.slice(0, shift)];
      for (const scenario of options.scenarios) {
        for (const gateway of order) {
          const result = await measure(gateway, scenario, round, context);
          console.log(`round ${round}, scenario ${scenario}, ${gateway}: warm-up ${result.warmupRequests} answers; ${result.rps.toFixed(0)} RPS, p99 ${result.p99} ms, ${result.cpuMsPerRequest.toFixed(2)} CPU ms/req, ${result.subgraphCallsPerRequest.toFixed(1)} subgraph calls/req; subgraphs ${result.subgraphCpuMsPerRequest.toFixed(2)}, load generator ${result.loadGeneratorCpuMsPerRequest.toFixed(2)} CPU ms/req`);
          results.push(result);
        }
      }
    }
    const clean = printReport(results, options);
    if (options.json) {
      fs.writeFileSync(options.json, JSON.stringify({ options, node: process.version, cpus: os.cpus().length, answerBytes: context.expected.length, results }, null, 2));
      console.log(`\nraw results: ${options.json}`);
    }
    if (!clean) process.exitCode = 1;
  } finally {
    await stopAll();
    removeDir();
  }
  if (process.exitCode) throw new Error('some answers were not the reference answer (above)');
}

module.exports = { run };
