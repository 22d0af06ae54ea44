// Splits each mutation's latency into the hops between consecutive timestamps on its path.
// Each hop ends where the next starts, so per mutation the hops add up to the total.
const HOPS = [
  ['gateway + care until the event is made', 'sent', 'eventTime'],
  ['care: rest of the transaction, commit (NOTIFY)', 'eventTime', 'committed'],
  ['relay: NOTIFY → claim transaction', 'committed', 'relayClaimed'],
  ['relay: claim → publish → routed by RabbitMQ', 'relayClaimed', 'routed'],
  ['RabbitMQ → audit consumer → its transaction', 'routed', 'auditStarted'],
  ['audit: transaction, commit, Redis publish', 'auditStarted', 'announced'],
  ['gateway: Redis → per-event plan → ws client', 'announced', 'received'],
];

/** Rows of p50/p99 per hop (ms); samples missing a timestamp are counted, not guessed. */
function hopTable(samples, hops = HOPS) {
  const rows = hops.map(([hop, from, to]) => {
    const values = samples.filter((s) => Number.isFinite(s[from]) && Number.isFinite(s[to])).map((s) => s[to] - s[from]);
    return { hop, n: values.length, p50_ms: quantile(values, 50), p99_ms: quantile(values, 99) };
  });
  rows.push({ hop: '(mutation answered: sent → reply)', n: samples.length, p50_ms: quantile(samples.map((s) => s.replied - s.sent), 50), p99_ms: quantile(samples.map((s) => s.replied - s.sent), 99) });
  return rows;
}

function quantile(values, p) {
  if (!values.length) return '-';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)].toFixed(1);
}

module.exports = { hopTable, quantile };
