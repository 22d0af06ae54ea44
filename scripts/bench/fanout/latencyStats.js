// Delivery delays of one measurement: percentiles over every delivery, and the backlog growth,
// the least-squares slope of each event's median delay across the events of the round (ms per
// event; near 0 when the server keeps up, positive when deliveries queue up behind each other).

/** Nearest-rank percentile of an ascending array; NaN when empty. */
function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] : NaN;
}

/** Least-squares slope of ys against 0, 1, 2…, skipping NaN; NaN with fewer than two points. */
function slope(ys) {
  const points = ys.map((y, x) => [x, y]).filter(([, y]) => Number.isFinite(y));
  if (points.length < 2) return NaN;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return covariance / variance;
}

/** `perEvent`: for each measured event, the delays (ms) of its deliveries, from every driver. */
function latencyStats(perEvent) {
  const all = perEvent.flat().sort((a, b) => a - b);
  const medians = perEvent.map((list) => percentile([...list].sort((a, b) => a - b), 50));
  return { p50: percentile(all, 50), p99: percentile(all, 99), max: all.at(-1) ?? NaN, backlogMsPerEvent: slope(medians) };
}

module.exports = { latencyStats, percentile, slope };
