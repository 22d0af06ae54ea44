import { promqlMetricNames } from './promqlMetricNames';

describe('promqlMetricNames', () => {
  it('finds the metrics of a query, not its functions, labels, ranges or groupings', () => {
    expect(
      promqlMetricNames('histogram_quantile(0.95, sum by (le, subgraph) (rate(gateway_subgraph_fetch_duration_seconds_bucket{code="x", job=~"a.*"}[5m])))'),
    ).toEqual(['gateway_subgraph_fetch_duration_seconds_bucket']);
    expect(promqlMetricNames('sum by (subgraph) (a_used{state="used"}) / on (subgraph) group_left b_max offset 5m')).toEqual(['a_used', 'b_max']);
    expect(promqlMetricNames('topk(10, rate(not_a_metric_total[1h])) > bool 3')).toEqual(['not_a_metric_total']);
  });
});
