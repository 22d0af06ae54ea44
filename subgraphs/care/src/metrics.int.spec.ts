import { randomUUID } from 'node:crypto';
import { asGateway, metricSample, scrapeMetrics, startSubgraphHarness, type SubgraphHarness } from '@caregraph/testing';
import { MAX_OPERATION_LABELS } from '@caregraph/shared';
import { startCare, type RunningCare } from './index';

const ADD_RECIPIENT = `mutation AddRecipientForMetrics($input: AddCareRecipientInput!) {
  addCareRecipient(input: $input) { id }
}`;

describe('a subgraph\'s internal /metrics', () => {
  let harness: SubgraphHarness<RunningCare>;
  let metricsUrl: string;
  const circle = randomUUID();

  beforeAll(async () => {
    harness = await startSubgraphHarness('care-metrics', (options) => startCare({ ...options, metricsPort: 0 }));
    metricsUrl = harness.subgraph.metricsUrl!;
  });
  afterAll(() => harness?.close());

  it('times requests by operation name, counts errors by code, and shows the pool and the outbox backlog', async () => {
    const owner = await harness.member(circle, 'OWNER');
    const added = await harness.gql(ADD_RECIPIENT, { input: { careCircleId: circle, name: 'Rose', dateOfBirth: '1941-03-02' } }, owner.token);
    expect(added.errors).toBeUndefined();
    const outsider = await harness.outsider();
    const refused = await harness.gql(ADD_RECIPIENT, { input: { careCircleId: circle, name: 'Rose', dateOfBirth: '1941-03-02' } }, outsider.token);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');

    const text = await scrapeMetrics(metricsUrl);
    const operation = { subgraph: 'care', operation: 'AddRecipientForMetrics', type: 'mutation' };
    expect(metricSample(text, 'caregraph_subgraph_operation_duration_seconds_count', operation)).toBe(2);
    expect(metricSample(text, 'caregraph_subgraph_operation_duration_seconds_bucket', { ...operation, le: '+Inf' })).toBe(2);
    expect(metricSample(text, 'caregraph_subgraph_errors_total', { subgraph: 'care', code: 'FORBIDDEN' })).toBe(1);
    // No relay runs here: the recipient's event is still PENDING.
    const { rows } = await harness.db.query<{ pending: number }>("select count(*)::int as pending from care.outbox where status = 'PENDING'");
    expect(rows[0].pending).toBeGreaterThanOrEqual(1);
    expect(metricSample(text, 'caregraph_subgraph_outbox_pending', { subgraph: 'care' })).toBe(rows[0].pending);
    expect(metricSample(text, 'caregraph_subgraph_db_pool_connections', { subgraph: 'care', state: 'free' })).toBeGreaterThanOrEqual(1);
    expect(metricSample(text, 'caregraph_subgraph_db_pool_connections', { subgraph: 'care', state: 'pending' })).toBe(0);
    expect(metricSample(text, 'caregraph_subgraph_db_pool_max', { subgraph: 'care' })).toBe(10);
    expect(metricSample(text, 'process_cpu_user_seconds_total', { subgraph: 'care' })).toBeGreaterThan(0);
  });

  it('serves /metrics on 127.0.0.1 only, and not on the public port', async () => {
    const metrics = new URL(metricsUrl);
    expect(metrics.hostname).toBe('127.0.0.1');
    // Bound to 127.0.0.1 itself, not to every interface: another loopback address finds nobody.
    await expect(fetch(`http://127.0.0.2:${metrics.port}/metrics`)).rejects.toThrow();
    const publicMetrics = harness.subgraph.url.replace(/\/graphql$/, '/metrics');
    expect((await fetch(publicMetrics)).status).toBe(404);
    expect((await fetch(publicMetrics, { headers: await asGateway() })).status).toBe(404);
    expect((await fetch(metricsUrl, { method: 'POST' })).status).toBe(404);
    expect((await fetch(metricsUrl.replace(/\/metrics$/, '/graphql'))).status).toBe(404);
  });

  it('keeps a bounded number of operation names, however many a caller invents', async () => {
    for (let i = 0; i < MAX_OPERATION_LABELS + 20; i += 1) await harness.gql(`query Invented${i} { __typename }`);
    const text = await scrapeMetrics(metricsUrl);
    const names = new Set(
      [...text.matchAll(/^caregraph_subgraph_operation_duration_seconds_count\{[^}]*operation="([^"]+)"/gm)].map((match) => match[1]),
    );
    expect(names.size).toBeLessThanOrEqual(MAX_OPERATION_LABELS + 2); // + `other` and `anonymous`
    expect(names).toContain('other');
    expect(metricSample(text, 'caregraph_subgraph_operation_duration_seconds_count', { operation: 'other' })).toBeGreaterThanOrEqual(20);
  });
});
