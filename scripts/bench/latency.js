// Mutation-to-subscriber latency in services mode: starts CareGraph with the README's start
// command on a fresh database and a fresh namespace, subscribes one member to medicationLogged
// over graphql-ws, then sends N logMedication mutations one after another and measures, per
// mutation, the time from sending it to receiving its event (loggedBy resolved from identity),
// then splits it into hops from the timestamps already on the path (latency/hopTable.js).
//   npm run bench -- latency [--mutations 200] [--field careCircleEvents]
require('reflect-metadata');
const WebSocket = require('ws');
const { createClient } = require('graphql-ws');
const { gqlAt } = require('./support/gqlAt');
const { BENCH_GATEWAY_CONFIG, startBenchCareGraph } = require('./support/startBenchCareGraph');
const { hopTable, quantile } = require('./latency/hopTable');
const { now } = require('./latency/now');
const { pathTimestamps } = require('./latency/pathTimestamps');
const { startPathProbes } = require('./latency/pathProbes');

/**
 * The subscriptions measured (--field). Both read the care circle's numbered log (ADR 0005):
 * outbox → relay → RabbitMQ → audit store → Redis → gateway; medicationLogged also resolves the
 * log entry and loggedBy from care and identity per event.
 */
const FIELDS = {
  medicationLogged: {
    query: 'subscription($r: ID!) { medicationLogged(careRecipientId: $r) { id loggedBy { displayName } } }',
    variables: ({ careRecipientId }) => ({ r: careRecipientId }),
    logIdOf: (data) => data.medicationLogged.id,
  },
  careCircleEvents: {
    query: 'subscription($c: ID!) { careCircleEvents(careCircleId: $c, types: ["medication.logged"]) { sequence data actor { displayName } } }',
    variables: ({ careCircleId }) => ({ c: careCircleId }),
    logIdOf: (data) => data.careCircleEvents.data.logId,
  },
};

async function run(args) {
  const mutations = Number(valueOf(args, '--mutations') ?? 200);
  const field = valueOf(args, '--field') ?? 'medicationLogged';
  if (!FIELDS[field]) throw new Error(`--field must be one of ${Object.keys(FIELDS).join(', ')}`);
  // Every benchmark client is 127.0.0.1: the bench config lifts the per-address limits.
  const caregraph = await startBenchCareGraph({ GATEWAY_CONFIG: BENCH_GATEWAY_CONFIG });
  try {
    const result = await measure(caregraph, mutations, FIELDS[field]);
    printTable(result, mutations, field);
    const stamps = await pathTimestamps(caregraph.databaseUrl);
    console.log('hops (each ends where the next starts; p50 and p99 of each hop on its own)');
    console.table(hopTable(result.samples.map((sample) => ({ ...sample, ...stamps.get(sample.logId) }))));
  } finally {
    await caregraph.stop();
  }
}

async function measure(caregraph, mutations, field) {
  const url = caregraph.url;
  const gql = gqlAt(url);
  const { signUp } = await gql('mutation($i: SignUpInput!) { signUp(input: $i) { token } }', {
    i: { email: `bench-${Date.now()}@example.com`, password: 'benchmark-password', displayName: 'Bench' },
  });
  const token = signUp.token;
  const { createCareCircle } = await gql('mutation { createCareCircle(input: { name: "Bench" }) { id } }', {}, token);
  const { addCareRecipient } = await gql('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', { i: { careCircleId: createCareCircle.id, name: 'R' } }, token);
  const { addMedication } = await gql(
    'mutation($i: AddMedicationInput!) { addMedication(input: $i) { id } }',
    { i: { careRecipientId: addCareRecipient.id, name: 'M', dosage: '1', scheduleTimes: ['08:00'], supplyRemaining: 1000000, refillThreshold: 0 } },
    token,
  );

  const ws = createClient({ url: url.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
  const waiting = new Map();
  const early = new Map();
  ws.subscribe(
    { query: field.query, variables: field.variables({ careCircleId: createCareCircle.id, careRecipientId: addCareRecipient.id }) },
    {
      next: ({ data, errors }) => {
        if (errors) throw new Error(JSON.stringify(errors));
        const id = field.logIdOf(data);
        const at = now();
        if (waiting.has(id)) waiting.get(id)(at);
        else early.set(id, at);
      },
      error: (error) => console.error('subscription error', error),
      complete: () => {},
    },
  );
  // Warm up: the first event also proves the subscription is live.
  const log = (note) => gql('mutation($i: LogMedicationInput!) { logMedication(input: $i) { id } }', { i: { medicationId: addMedication.id, status: 'GIVEN', note } }, token);
  for (let attempt = 0; ; attempt++) {
    const { logMedication } = await log('warm-up');
    const got = await Promise.race([received(logMedication.id), new Promise((r) => setTimeout(() => r(false), 2000))]);
    if (got !== false) break;
    if (attempt > 10) throw new Error('subscription never became live');
  }
  function received(id) {
    if (early.has(id)) return Promise.resolve(early.get(id));
    return new Promise((resolve) => waiting.set(id, resolve));
  }

  const probes = await startPathProbes({ ...caregraph, careCircleId: createCareCircle.id });
  const samples = [];
  const started = now();
  for (let i = 0; i < mutations; i++) {
    const sent = now();
    const { logMedication } = await log(`#${i}`);
    const replied = now();
    const got = await received(logMedication.id);
    samples.push({ logId: logMedication.id, sent, replied, received: got });
  }
  const seconds = (now() - started) / 1000;
  await ws.dispose();
  await probes.stop();
  for (const sample of samples) Object.assign(sample, { committed: probes.commitAfter(sample.sent), routed: probes.routedAt(sample.logId), announced: probes.announcedAt(sample.logId) });
  return { latencies: samples.map((s) => s.received - s.sent), samples, seconds };
}

function printTable({ latencies, seconds }, mutations, field) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const q = (p) => quantile(sorted, p);
  console.log(`\nmutation → ${field} subscriber latency, services mode, ${mutations} sequential logMedication mutations (${(mutations / seconds).toFixed(0)}/s)`);
  console.table([{ p50_ms: q(50), p95_ms: q(95), p99_ms: q(99), min_ms: sorted[0].toFixed(1), max_ms: sorted.at(-1).toFixed(1) }]);
}

function valueOf(args, flag) {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

module.exports = { run };
