// Joins one load step's mutations with what the subscribers received.
const quantile = (sorted, q) => (sorted.length ? +sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1) : NaN);

/** Each mutation should reach every member once per field: `perField` deliveries each. */
function stepStats(sent, deliveries, perField) {
  const counts = new Map();
  const latencies = [];
  let errors = 0;
  for (const [logId, field, receivedAt] of deliveries) {
    if (logId === null) {
      errors += 1;
      continue;
    }
    const mutation = sent.get(logId);
    if (!mutation) continue; // an earlier step's straggler
    latencies.push(receivedAt - mutation.sentAt);
    const key = `${logId} ${field}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let lost = 0;
  let duplicates = 0;
  for (const logId of sent.keys()) {
    for (const field of ['careCircleEvents', 'medicationLogged']) {
      const count = counts.get(`${logId} ${field}`) ?? 0;
      lost += Math.max(0, perField - count);
      duplicates += Math.max(0, count - perField);
    }
  }
  latencies.sort((a, b) => a - b);
  const answers = [...sent.values()].map((m) => m.answeredAt - m.sentAt).sort((a, b) => a - b);
  return {
    deliveries: latencies.length,
    lost,
    duplicates,
    errors,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: latencies.length ? +latencies.at(-1).toFixed(1) : NaN,
    mutationP99: quantile(answers, 0.99),
  };
}

module.exports = { stepStats };
