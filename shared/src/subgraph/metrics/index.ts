export * from './createSubgraphMetrics';
export * from './operationLabel';
export * from './cachedReading';
export * from './useSubgraphMetrics';
export * from './serveMetrics';
export * from './ormMetricSources';
