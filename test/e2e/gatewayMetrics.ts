/** Sums the gateway's active-subscriptions gauge over its labels, from its internal /metrics (Prometheus text). */
export async function activeSubscriptions(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  return text
    .split('\n')
    .filter((line) => /^gateway_active_subscriptions(\{[^}]*\})?\s/.test(line))
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/).pop()), 0);
}

/** The gateway's count of event executions served from another subscriber's identical one, for one field. */
export async function sharedExecutions(metricsUrl: string, field: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split('\n').find((l) => l.startsWith(`gateway_subscription_shared_executions_total{field="${field}"}`));
  return line ? Number(line.trim().split(/\s+/).pop()) : 0;
}
