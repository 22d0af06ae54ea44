// Tables of the gateway bench: per scenario and gateway the spread across rounds (min–max), then
// CareGraph's ratios to each peer, round by round.
const { GATEWAYS } = require('./gateways');

const SCENARIOS = {
  a: '(a) the same request on every connection',
  b: '(b) every request its own Authorization header, forwarded to every subgraph',
};

/** "min–max" of the finite values (one value when they agree), '-' when there is none. */
function spread(values, digits) {
  const finite = values.filter((v) => Number.isFinite(v));
  if (!finite.length) return '-';
  const min = Math.min(...finite).toFixed(digits);
  const max = Math.max(...finite).toFixed(digits);
  return min === max ? min : `${min}–${max}`;
}

function printReport(results, options) {
  for (const scenario of options.scenarios) {
    const rows = results.filter((r) => r.scenario === scenario);
    console.log(`\nScenario ${SCENARIOS[scenario]}; ${options.connections} connections, ${options.seconds} s measured per round after a warm-up of ${options.warmupSeconds}–${4 * options.warmupSeconds} s (until ${options.warmupRequests} answers), ${options.rounds} round(s); spread across rounds`);
    console.table(
      Object.fromEntries(
        options.gateways.map((name) => {
          const mine = rows.filter((r) => r.gateway === name);
          const pick = (key) => mine.map((r) => r[key]);
          return [
            GATEWAYS[name].label,
            {
              RPS: spread(pick('rps'), 0),
              'p50 ms': spread(pick('p50'), 0),
              'p99 ms': spread(pick('p99'), 0),
              'CPU ms/req': spread(pick('cpuMsPerRequest'), 2),
              'subgraph calls/req': spread(pick('subgraphCallsPerRequest'), 1),
              'subgraphs CPU ms/req': spread(pick('subgraphCpuMsPerRequest'), 2),
              ...(scenario === 'b' ? { 'distinct auth/req': spread(pick('distinctAuthorizationsPerRequest'), 2) } : {}),
              'peak RSS MB': spread(pick('peakRssMb'), 0),
              'bad answers': mine.reduce((sum, r) => sum + r.mismatches + r.non2xx + r.errors + r.warmupBadAnswers, 0),
            },
          ];
        }),
      ),
    );
    if (!options.gateways.includes('caregraph')) continue;
    const ratioRows = {};
    for (const peer of options.gateways.filter((name) => name !== 'caregraph')) {
      const perRound = (key) =>
        Array.from({ length: options.rounds }, (_, i) => {
          const ours = rows.find((r) => r.gateway === 'caregraph' && r.round === i + 1);
          const theirs = rows.find((r) => r.gateway === peer && r.round === i + 1);
          return ours && theirs ? ours[key] / theirs[key] : NaN;
        });
      ratioRows[`CareGraph / ${GATEWAYS[peer].label}`] = {
        'RPS ×': spread(perRound('rps'), 2),
        'p99 ×': spread(perRound('p99'), 2),
        'CPU/req ×': spread(perRound('cpuMsPerRequest'), 2),
        'peak RSS ×': spread(perRound('peakRssMb'), 2),
      };
    }
    console.log('CareGraph to each peer, per round (RPS above 1 is better; p99, CPU and RSS below 1 are better):');
    console.table(ratioRows);
  }
  // In (b) every request carries its own token: a subgraph seeing fewer distinct tokens than
  // requests means the gateway dropped the header or shared work across tokens (edge effects of
  // the measured window aside, a few percent at most).
  for (const r of results.filter((row) => row.scenario === 'b' && row.distinctAuthorizationsPerRequest < 0.9)) {
    console.log(`\nwarning: ${GATEWAYS[r.gateway].label}, round ${r.round}: a subgraph saw ${r.distinctAuthorizationsPerRequest.toFixed(2)} distinct Authorization values per request in scenario (b)`);
  }
  const bad = results.filter((r) => r.mismatches + r.non2xx + r.errors + r.warmupBadAnswers > 0);
  for (const r of bad) {
    console.log(`\n${GATEWAYS[r.gateway].label}, scenario ${r.scenario}, round ${r.round}: ${r.mismatches} answers differed from the reference, ${r.non2xx} non-2xx, ${r.errors} errors/timeouts (${r.warmupBadAnswers} bad in the warm-up)${r.badSample ? `; first differing answer: ${r.badSample}` : ''}`);
  }
  return bad.length === 0;
}

module.exports = { printReport, spread };
