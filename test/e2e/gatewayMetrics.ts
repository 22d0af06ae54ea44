/** Sums the gateway's active-subscriptions gauge over its labels, from its internal /metrics (Prometheus text). */
export async function activeSubscriptions(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return text
    .split('\n')
    .filter((line) => /^gateway_active_subscriptions(\{[^}]*\})?\s/.test(line))
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/).pop()), 0);
}
