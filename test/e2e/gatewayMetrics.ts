/** Reads the gateway's active-subscriptions gauge from /metrics (Prometheus text format). */
export async function activeSubscriptions(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gatewayUrl))).text();
  const line = text.split('\n').find((l) => /^gateway_active_subscriptions(\{[^}]*\})?\s/.test(l));
  return line ? Number(line.trim().split(/\s+/).pop()) : 0;
}
