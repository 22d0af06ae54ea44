// CareGraph itself under realistic live load, in services mode (the README's start command):
// `--circles` care circles (2,000) of five members (OWNER, two CAREGIVERs, FAMILY, VIEWER), every
// member subscribed to careCircleEvents and medicationLogged with actor / loggedBy resolved from
// identity (20,000 subscriptions), from `--drivers` separate processes. Then logMedication at each
// rate of `--rates` for `--seconds`, spread over the circles. It reports, per rate, the
// mutation-to-subscriber p50/p99, lost and duplicate deliveries, and the highest rate whose p99
// stays at or under 250 ms with nothing lost.
//   npm run bench -- live [--circles 2000] [--rates 25,50,100,150,200,250,300] [--seconds 10] [--drivers 4]
const { fork } = require('node:child_process');
const path = require('node:path');
const { randomBytes } = require('node:crypto');
const { BENCH_GATEWAY_CONFIG, startBenchCareGraph } = require('./support/startBenchCareGraph');
const { seedCircles, ROLES } = require('./live/seedCircles');
const { mutationLoad } = require('./live/mutationLoad');
const { stepStats } = require('./live/stepStats');
const { hopTable } = require('./latency/hopTable');
const { pathTimestamps } = require('./latency/pathTimestamps');
const { startPathProbes } = require('./latency/pathProbes');

/** Where a delivery's time goes at a rate, from timestamps already on the path (see latency/). */
const LIVE_HOPS = [
  ['mutation: gateway + care until the event is made', 'sent', 'eventTime'],
  ['care commit → relay claim transaction', 'eventTime', 'relayClaimed'],
  ['relay: claim → publish → routed by RabbitMQ', 'relayClaimed', 'routed'],
  ['consume: RabbitMQ → audit consumer transaction', 'routed', 'auditStarted'],
  ['audit: append, commit, announce on Redis', 'auditStarted', 'announced'],
  ['gateway: receipt → per-event plan → delivery', 'announced', 'received'],
];

const TARGET_P99_MS = 250;
const DRAIN_QUIET_MS = 1500;
const DRAIN_MAX_MS = 30_000;

async function run(args) {
  const circles = Number(valueOf(args, '--circles') ?? 2000);
  const rates = (valueOf(args, '--rates') ?? '25,50,100,150,200,250,300').split(',').map(Number);
  const seconds = Number(valueOf(args, '--seconds') ?? 10);
  const driverCount = Number(valueOf(args, '--drivers') ?? 4);
  if (!(circles > 0 && circles <= 5000) || rates.some((r) => !(r > 0 && r <= 2000)) || !(seconds > 0 && seconds <= 120) || !(driverCount > 0 && driverCount <= 8)) {
    throw new Error('--circles 1..5000, --rates each 1..2000, --seconds 1..120, --drivers 1..8');
  }
  const jwtSecret = randomBytes(24).toString('hex');
  const caregraph = await startBenchCareGraph({ GATEWAY_CONFIG: BENCH_GATEWAY_CONFIG, JWT_SECRET: jwtSecret });
  const drivers = [];
  let probes;
  try {
    console.log(`seeding ${circles} circles of ${ROLES.length} members…`);
    const seeded = await seedCircles(caregraph.databaseUrl, circles, jwtSecret);
    const members = seeded.flatMap((circle) => circle.members.map((m) => ({ token: m.token, careCircleId: circle.careCircleId, careRecipientId: circle.careRecipientId })));
    console.log(`subscribing ${members.length} members × 2 fields from ${driverCount} driver processes…`);
    for (let index = 0; index < driverCount; index += 1) drivers.push(fork(path.join(__dirname, 'live/subscriberDriver.js'), [], { stdio: 'inherit' }));
    await Promise.all(
      drivers.map((driver, index) => {
        const ready = once(driver, (m) => m === 'subscribed' || (typeof m === 'string' && m.startsWith('failed')));
        driver.send({ url: caregraph.url, members: members.filter((_, i) => i % driverCount === index) });
        return ready.then((m) => {
          if (m !== 'subscribed') throw new Error(`driver ${index} ${m}`);
        });
      }),
    );
    await until(async () => (await activeSubscriptions(caregraph.metricsUrl)) >= members.length * 2, 120_000, 'every subscription live');
    console.log('all subscriptions live');
    probes = await startPathProbes(caregraph);

    const rows = [];
    const hopsByRate = new Map();
    let offset = 0;
    for (const rate of rates) {
      const load = await mutationLoad(caregraph.url, seeded, rate, seconds, offset);
      offset += Math.round(rate * seconds);
      const deliveries = await drain(drivers, load.sent.size * ROLES.length * 2);
      const stats = stepStats(load.sent, deliveries, ROLES.length);
      const stamps = await pathTimestamps(caregraph.databaseUrl);
      hopsByRate.set(rate, hopTable(deliveries.filter(([logId]) => load.sent.has(logId)).map(([logId, , received]) => ({
        ...stamps.get(logId),
        sent: load.sent.get(logId).sentAt,
        replied: load.sent.get(logId).answeredAt,
        routed: probes.routedAt(logId),
        announced: probes.announcedAt(logId),
        received,
      })), LIVE_HOPS));
      rows.push({ rate, achieved: +(load.sent.size / load.offeredSeconds).toFixed(1), mutationFailures: load.failures.length, ...stats });
      console.log(rows.at(-1));
      if (load.failures.length) console.log('first failure:', load.failures[0]);
      if (stats.p99 > 4 * TARGET_P99_MS || load.failures.length) break; // well past the target: higher rates only pile up
    }
    console.log(`\nlive: ${circles} circles × ${ROLES.length} members, ${members.length * 2} subscriptions, ${seconds} s per rate, ${driverCount} driver processes`);
    console.table(rows);
    const passing = rows.filter((row) => row.p99 <= TARGET_P99_MS && row.lost === 0 && row.mutationFailures === 0);
    console.log(`highest rate with p99 ≤ ${TARGET_P99_MS} ms and nothing lost: ${passing.length ? `${passing.at(-1).rate} mutations/s` : 'none'}`);
    const shown = (passing.at(-1) ?? rows[0]).rate;
    console.log(`\nwhere the time goes at ${shown} mutations/s (per delivery; each hop ends where the next starts)`);
    console.table(hopsByRate.get(shown));
  } finally {
    await probes?.stop();
    for (const driver of drivers) driver.send('stop');
    await Promise.all(drivers.map((driver) => (driver.exitCode !== null ? undefined : new Promise((resolve) => driver.once('exit', resolve)))));
    await caregraph.stop();
  }
}

/** Collects deliveries until all expected arrived or nothing new came for DRAIN_QUIET_MS. */
async function drain(drivers, expected) {
  const deliveries = [];
  const started = Date.now();
  let quietSince = Date.now();
  for (;;) {
    const batches = await Promise.all(drivers.map((driver) => {
      const reply = once(driver, (m) => m && Array.isArray(m.deliveries));
      driver.send('collect');
      return reply;
    }));
    const fresh = batches.flatMap((batch) => batch.deliveries);
    deliveries.push(...fresh);
    if (fresh.length) quietSince = Date.now();
    if (deliveries.length >= expected || Date.now() - quietSince > DRAIN_QUIET_MS || Date.now() - started > DRAIN_MAX_MS) return deliveries;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function once(child, matches) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (!matches(message)) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code) => reject(new Error(`driver exited ${code}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

async function activeSubscriptions(metricsUrl) {
  const text = await (await fetch(metricsUrl)).text();
  return text.split('\n').filter((line) => line.startsWith('gateway_active_subscriptions{')).reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

async function until(probe, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function valueOf(args, flag) {
  const index = args.indexOf(flag);
  return index >= 0 ? args[index + 1] : undefined;
}

module.exports = { run };
