// The fan-out bench's table: per N, credentials and server, the spread across rounds (min–max),
// and on CareGraph's rows its ratios to the bare baseline, round by round (same round, same N,
// same credentials).
const { SERVERS } = require('./servers');
const { spread } = require('../gateway/report');

function ratios(results, row, key) {
  const bare = (r) => results.find((b) => b.server === 'bare' && b.round === r.round && b.subscribers === r.subscribers && b.credentials === r.credentials);
  return row.filter(bare).map((r) => r[key] / bare(r)[key]);
}

function printReport(results, options) {
  const table = {};
  for (const subscribers of options.subscribers) {
    for (const credentials of options.credentials) {
      for (const server of options.servers) {
        const row = results.filter((r) => r.server === server && r.subscribers === subscribers && r.credentials === credentials);
        if (!row.length) continue;
        const pick = (key) => row.map((r) => r[key]);
        const total = (key) => row.reduce((s, r) => s + r[key], 0);
        table[`N=${subscribers} ${credentials} ${SERVERS[server].label}`] = {
          'CPU ms/1k deliveries': spread(pick('cpuMsPer1000'), 1),
          'KB/idle sub': spread(pick('kbPerIdleSubscription'), 1),
          'p50 ms': spread(pick('p50'), 1),
          'p99 ms': spread(pick('p99'), 1),
          'lost': `${total('lost')}/${total('expected')}`,
          'backlog ms/event': spread(pick('backlogMsPerEvent'), 2),
          'drivers CPU ms/1k': spread(pick('driverCpuMsPer1000'), 1),
          'CPU × bare': server === 'caregraph' ? spread(ratios(results, row, 'cpuMsPer1000'), 2) : '',
          'KB × bare': server === 'caregraph' ? spread(ratios(results, row, 'kbPerIdleSubscription'), 2) : '',
        };
      }
    }
  }
  console.log(`\n${options.channels} channels, ${options.events} events per channel every ${options.intervalMs} ms, ${options.rounds} round(s), ${options.drivers} driver processes; spread across rounds (min–max); lost = deliveries missing over all rounds`);
  console.table(table);
  const troubled = results.filter((r) => r.connected < r.subscribers || r.live < r.connected || r.errors || r.duplicates || r.closedEarly);
  for (const r of troubled) {
    console.log(`${SERVERS[r.server].label}, N=${r.subscribers} ${r.credentials}, round ${r.round}: ${r.connected} connected, ${r.live} live after probes, ${r.closedEarly} closed early, ${r.duplicates} duplicates, ${r.errors} errors${r.firstError ? ` (first: ${r.firstError})` : ''}`);
  }
}

module.exports = { printReport };
