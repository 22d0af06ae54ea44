// One measurement of the fan-out bench: a fresh server process, fresh driver processes with N
// subscribers spread over K channels, probes until every subscription is live, the idle memory,
// then E events per channel at a fixed interval, drained, and the server's CPU over that window.
const { freePort } = require('../../freePort');
const { stopChild } = require('../gateway/children');
const { cpuMs, rssMb, peakRssMb } = require('../gateway/procStats');
const { startServer } = require('./servers');
const { startDrivers } = require('./drivers');
const { latencyStats } = require('./latencyStats');
const { QUERY } = require('./fanoutSchema');

const OPEN_TIMEOUT_MS = 240_000;
const PROBE_TIMEOUT_MS = 60_000;
const SETTLE_MS = 2000;
const DRAIN_CAP_MS = 180_000;
const DRAIN_QUIET_MS = 3000;
const POLL_MS = 250;
/** A server using more than this share of a core between two polls is still working. */
const BUSY_SHARE = 0.3;
const CONNECTS_IN_FLIGHT_PER_DRIVER = 50;
/** Unmeasured probe ticks once every subscription is live, so that the measured events meet warm code. */
const WARMUP_TICKS = 3;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const sum = (answers, key) => answers.reduce((total, answer) => total + answer[key], 0);

/** The server's resident set after a full garbage collection (SIGUSR2, see collectGarbageOnSignal.js). */
async function rssAfterGc(pid) {
  process.kill(pid, 'SIGUSR2');
  await sleep(SETTLE_MS);
  return rssMb(pid);
}

/**
 * Publishes probes (seq 0) until every connected subscriber saw one (bounded); a new probe only
 * when the last interval brought none, so that a slow server is not buried under probes.
 */
async function probeUntilLive(drivers, publisher, connected, intervalMs) {
  const deadline = Date.now() + PROBE_TIMEOUT_MS;
  let probed = 0;
  let before = 0;
  while (Date.now() < deadline) {
    if (probed === before) await publisher.publishTick(0);
    before = probed;
    await sleep(intervalMs);
    probed = sum(await drivers.ask('status'), 'probed');
    if (probed >= connected) break;
  }
  return probed;
}

/** Publishes events 1…E on every channel, one tick per interval from the first (no drift). */
async function publishEvents(publisher, events, intervalMs) {
  const start = Date.now();
  let reached = Infinity;
  for (let seq = 1; seq <= events; seq++) {
    await sleep(Math.max(0, start + (seq - 1) * intervalMs - Date.now()));
    reached = Math.min(reached, ...(await publisher.publishTick(seq)));
  }
  return reached;
}

/**
 * Waits until every expected delivery arrived, or for DRAIN_QUIET_MS neither a delivery arrived
 * nor the server used CPU (an overloaded server may send nothing for seconds while it works off
 * its backlog); bounded by DRAIN_CAP_MS.
 */
async function drain(drivers, expected, serverPid) {
  const deadline = Date.now() + DRAIN_CAP_MS;
  let measured = 0;
  let cpu = cpuMs(serverPid);
  let lastProgress = Date.now();
  while (Date.now() < deadline && Date.now() - lastProgress < DRAIN_QUIET_MS) {
    const now = sum(await drivers.ask('status'), 'measured');
    const cpuNow = cpuMs(serverPid);
    if (now > measured || cpuNow - cpu > POLL_MS * BUSY_SHARE) lastProgress = Date.now();
    measured = now;
    cpu = cpuNow;
    if (measured >= expected) break;
    await sleep(POLL_MS);
  }
  return measured;
}

async function measureFanout({ server, credentials, subscribers, round }, { setup, options, publisher, authorizations }) {
  const port = await freePort();
  const { child, url, stderr } = await startServer(server, setup, port);
  let drivers;
  try {
    const rssBefore = await rssAfterGc(child.pid);
    drivers = await startDrivers(Math.min(options.drivers, subscribers));
    const specs = Array.from({ length: subscribers }, (_, i) => ({ channel: i % options.channels, authorization: authorizations[i] }));
    const opened = await drivers.ask(
      'open',
      (d) => ({
        url,
        query: QUERY,
        events: options.events,
        concurrency: CONNECTS_IN_FLIGHT_PER_DRIVER,
        timeoutMs: OPEN_TIMEOUT_MS,
        subscribers: specs.filter((_, i) => i % drivers.count === d),
      }),
      OPEN_TIMEOUT_MS + 30_000,
    );
    const connected = sum(opened, 'connected');
    const live = await probeUntilLive(drivers, publisher, connected, options.intervalMs);
    for (let i = 0; i < WARMUP_TICKS; i++) {
      await publisher.publishTick(0);
      await sleep(options.intervalMs);
    }
    const rssIdle = await rssAfterGc(child.pid);
    const cpuBefore = cpuMs(child.pid);
    const driverCpuBefore = drivers.cpuMs();
    const redisReceivers = await publishEvents(publisher, options.events, options.intervalMs);
    await drain(drivers, connected * options.events, child.pid);
    const serverCpuMs = cpuMs(child.pid) - cpuBefore;
    const driverCpuMs = drivers.cpuMs() - driverCpuBefore;
    const reports = await drivers.ask('report', () => ({}), 60_000);
    const perEvent = Array.from({ length: options.events }, (_, e) => reports.flatMap((r) => r.latencies[e]));
    const delivered = sum(reports, 'measured');
    return {
      server,
      credentials,
      subscribers,
      round,
      connected,
      live,
      delivered,
      expected: subscribers * options.events,
      lost: subscribers * options.events - delivered,
      duplicates: sum(reports, 'duplicates'),
      closedEarly: sum(reports, 'closedEarly'),
      errors: sum(reports, 'errors'),
      firstError: [...opened, ...reports].map((r) => r.error).find(Boolean),
      redisReceivers,
      cpuMsPer1000: (serverCpuMs / delivered) * 1000,
      driverCpuMsPer1000: (driverCpuMs / delivered) * 1000,
      kbPerIdleSubscription: ((rssIdle - rssBefore) * 1024) / subscribers,
      rssBeforeMb: rssBefore,
      rssIdleMb: rssIdle,
      peakRssMb: peakRssMb(child.pid),
      ...latencyStats(perEvent),
    };
  } catch (error) {
    error.message += `\n${stderr().slice(0, 3000)}`;
    throw error;
  } finally {
    await drivers?.stop();
    await stopChild(child);
  }
}

module.exports = { measureFanout };
