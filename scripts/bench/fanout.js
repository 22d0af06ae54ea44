// `npm run bench -- fanout`: subscription fan-out (issue 9, part 3). The bare baseline (graphql-ws
// + graphql-redis-subscriptions + graphql-js), Hive Gateway on its Redis PubSub with
// `@resolveTo(pubsubTopic: …)` (no subgraph per event), and CareGraph's gateway (gateway/dist/main.js),
// all fed by the same Redis channels, each a fresh process per measurement, in interleaved rounds.
// N subscribers (one socket each, in separate driver processes) on K channels receive an event per
// channel every interval; with one shared token, and with a token per subscriber. Reports server
// CPU per 1,000 deliveries, KB of server RSS per idle subscription, p50/p99 delivery delay, lost
// deliveries, backlog growth (ms per event), and CareGraph's ratios to the bare baseline. Redis
// channels and keys live under a prefix of this run, deleted at the end. See fanout/options.js.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { execSync } = require('node:child_process');
const { parseOptions } = require('./fanout/options');
const { ensurePeers } = require('./gateway/ensurePeers');
const { startChild, stopAll } = require('./gateway/children');
const { composeSupergraph } = require('./gateway/supergraph');
const { SUBGRAPHS, SUBGRAPHS_NO_SUBSCRIPTION } = require('./fanout/fanoutSchema');
const { writeCareGraphFanoutConfig } = require('./fanout/servers');
const { createPublisher } = require('./fanout/publisher');
const { authorizations } = require('./fanout/tokens');
const { measureFanout } = require('./fanout/measureFanout');
const { printReport } = require('./fanout/report');
const { freePort } = require('../freePort');

const ROOT = path.resolve(__dirname, '../..');

/** The `events` subgraph, never called per event; CareGraph's gateway only needs its URL. */
async function startEventsSubgraph() {
  const port = await freePort();
  const args = [path.join(__dirname, 'gateway/subgraphServer.js'), 'events', String(port), path.join(__dirname, 'fanout/fanoutSchema.js')];
  await startChild('events subgraph', process.execPath, args, { cwd: ROOT, env: { PATH: process.env.PATH, NODE_ENV: 'production' }, ready: /listening \d+/, timeoutMs: 30_000 });
  return `http://127.0.0.1:${port}/graphql`;
}

function checkFileLimit(options) {
  const limit = Number(execSync('ulimit -n', { shell: '/bin/sh', encoding: 'utf8' }).trim());
  const largest = Math.max(...options.subscribers);
  // The server holds one fd per socket (each driver holds its share); plus Redis, files, slack.
  if (Number.isFinite(limit) && largest + 500 > limit) throw new Error(`--subscribers ${largest}: the server needs about ${largest + 500} file descriptors, ulimit -n is ${limit}`);
  return limit;
}

async function run(args) {
  const options = parseOptions(args);
  if (options.servers.includes('caregraph') && !fs.existsSync(path.join(ROOT, 'gateway/dist/main.js'))) {
    throw new Error('gateway/dist/main.js is missing: run `npm run build` first');
  }
  const fileLimit = checkFileLimit(options);
  if (options.servers.includes('hive')) ensurePeers();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'caregraph-fanout-bench-'));
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  process.once('exit', removeDir); // also after SIGINT, which ends the process from children.js
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `caregraph-fanout-${randomBytes(4).toString('hex')}`;
  const publisher = await createPublisher(redisUrl, prefix, options.channels);
  try {
    const subgraphUrl = await startEventsSubgraph();
    const supergraphFile = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(supergraphFile, composeSupergraph({ events: subgraphUrl }, SUBGRAPHS));
    const hiveSupergraphFile = path.join(dir, 'supergraph-hive.graphql');
    fs.writeFileSync(hiveSupergraphFile, composeSupergraph({ events: subgraphUrl }, SUBGRAPHS_NO_SUBSCRIPTION));
    const jwtSecret = randomBytes(32).toString('hex');
    const setup = { redisUrl, prefix, jwtSecret, subgraphUrl, hiveSupergraphFile, careGraphConfig: writeCareGraphFanoutConfig(dir, supergraphFile) };
    console.log(`fan-out: subscribers ${options.subscribers.join(', ')}; servers ${options.servers.join(', ')}; Redis channels ${prefix}:ch0…ch${options.channels - 1}; node ${process.version}, ${os.cpus().length} cores, ulimit -n ${fileLimit}`);
    const tokens = {};
    for (const credentials of options.credentials) tokens[credentials] = await authorizations(credentials, Math.max(...options.subscribers), jwtSecret);
    const results = [];
    for (let round = 1; round <= options.rounds; round++) {
      // Interleaved: every server once per round, N and credentials; the order rotated each round.
      const shift = (round - 1) % options.servers.length;
      const order = [...options.servers.slice(shift), ...options.servers.slice(0, shift)];
      for (const subscribers of options.subscribers) {
        for (const credentials of options.credentials) {
          for (const server of order) {
            const r = await measureFanout({ server, credentials, subscribers, round }, { setup, options, publisher, authorizations: tokens[credentials] });
            console.log(`round ${round}, N=${subscribers} ${credentials}, ${server}: ${r.connected} connected, ${r.delivered}/${r.expected} delivered; ${r.cpuMsPer1000.toFixed(1)} CPU ms/1k, ${r.kbPerIdleSubscription.toFixed(1)} KB/sub, p50 ${r.p50.toFixed(1)} p99 ${r.p99.toFixed(1)} ms, backlog ${r.backlogMsPerEvent.toFixed(2)} ms/event`);
            results.push(r);
            await publisher.deleteRunKeys();
          }
        }
      }
    }
    printReport(results, options);
    if (options.json) {
      fs.writeFileSync(options.json, JSON.stringify({ options, node: process.version, cpus: os.cpus().length, results }, null, 2));
      console.log(`\nraw results: ${options.json}`);
    }
  } finally {
    await stopAll();
    await publisher.deleteRunKeys().catch(() => {});
    await publisher.quit().catch(() => {});
    removeDir();
  }
}

module.exports = { run };
