import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Registry } from 'prom-client';
import { createSubgraphMetrics } from '../../shared/src/subgraph/metrics';
import { ConsumerMetrics } from '../../event-relay/src/consumers/runtime/ConsumerMetrics';
import { RelayMetrics } from '../../event-relay/src/metrics/RelayMetrics';
import { createMetrics } from '../../gateway/src/metrics/createMetrics';
import { promqlMetricNames } from './promqlMetricNames';

const DASHBOARD = path.resolve(__dirname, '../../deploy/grafana/caregraph.json');

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

/** Every series name a registry exposes: a histogram's `_bucket`, `_sum` and `_count` too. */
async function seriesNames(registry: Registry): Promise<string[]> {
  return registry.getMetricsAsArray().flatMap((metric) => {
    const { name, type } = metric as unknown as { name: string; type: string };
    return type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : type === 'summary' ? [name, `${name}_sum`, `${name}_count`] : [name];
  });
}

/** The metric names of the real registries, built as each process builds them. */
async function knownNames(): Promise<Set<string>> {
  const relay = new RelayMetrics(async () => ({}), () => true);
  new ConsumerMetrics(relay.registry);
  const registries = { gateway: createMetrics().registry, relay: relay.registry, subgraph: createSubgraphMetrics('care').registry };
  const names = await Promise.all(Object.values(registries).map(seriesNames));
  return new Set(names.flat());
}

function expressions(panels: Panel[]): { title: string; expr: string }[] {
  return panels.flatMap((panel) => [
    ...(panel.targets ?? []).flatMap((target) => (target.expr ? [{ title: panel.title ?? '', expr: target.expr }] : [])),
    ...expressions(panel.panels ?? []),
  ]);
}

describe('the Grafana dashboard (deploy/grafana/caregraph.json)', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
  const queries = expressions(dashboard.panels);

  it('names in its PromQL only metrics that the gateway, the relay and the subgraphs register', async () => {
    const known = await knownNames();
    const unknown = queries.flatMap(({ title, expr }) => promqlMetricNames(expr).filter((name) => !known.has(name)).map((name) => `${name} (panel "${title}")`));
    expect(unknown).toEqual([]);
  });

  it('shows metrics of every process', () => {
    const used = new Set(queries.flatMap(({ expr }) => promqlMetricNames(expr)));
    for (const prefix of ['gateway_', 'caregraph_subgraph_', 'caregraph_outbox_', 'caregraph_consumer_', 'process_', 'nodejs_']) {
      expect([...used].some((name) => name.startsWith(prefix))).toBe(true);
    }
  });
});
