/** Sums the gateway's active-subscriptions gauge over its labels, from /metrics (Prometheus text). */
export async function activeSubscriptions(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gatewayUrl))).text();
  return text
    .split('\n')
    .filter((line) => /^gateway_active_subscriptions(\{[^}]*\})?\s/.test(line))
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/).pop()), 0);
}
