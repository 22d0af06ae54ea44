import { metricSample, scrapeMetrics, type RunningCareGraph } from '@caregraph/testing';

/**
 * Checks, after a sign-up went through the gateway, that every process of a running CareGraph
 * serves its metrics on its internal port: each subgraph (its outbox gauge, identity's timed
 * mutation), the relay's process metrics, and the gateway's fetches to identity.
 */
export async function expectMetricsEverywhere(caregraph: RunningCareGraph): Promise<void> {
  const names = Object.keys(caregraph.subgraphMetricsUrls);
  expect(names).toEqual(expect.arrayContaining(['identity', 'care', 'billing', 'notifications', 'audit', 'sagas']));
  for (const [subgraph, url] of Object.entries(caregraph.subgraphMetricsUrls)) {
    expect(new URL(url).hostname).toBe('127.0.0.1');
    const text = await scrapeMetrics(url);
    expect({ subgraph, pending: metricSample(text, 'caregraph_subgraph_outbox_pending', { subgraph }) }).toEqual({ subgraph, pending: expect.any(Number) });
    expect({ subgraph, poolMax: metricSample(text, 'caregraph_subgraph_db_pool_max', { subgraph }) }).toEqual({ subgraph, poolMax: expect.any(Number) });
  }
  const identity = await scrapeMetrics(caregraph.subgraphMetricsUrls.identity);
  expect(metricSample(identity, 'caregraph_subgraph_operation_duration_seconds_count', { subgraph: 'identity', type: 'mutation' })).toBeGreaterThanOrEqual(1);
  const relay = await scrapeMetrics(`http://127.0.0.1:${caregraph.ports.relay}/metrics`);
  expect(metricSample(relay, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  const gateway = await scrapeMetrics(caregraph.gatewayMetricsUrl);
  expect(metricSample(gateway, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'identity' })).toBeGreaterThanOrEqual(1);
  // The public port has no /metrics.
  expect((await fetch(caregraph.gatewayUrl.replace(/\/graphql$/, '/metrics'))).status).toBe(404);
}
