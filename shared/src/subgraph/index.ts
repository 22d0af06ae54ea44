export * from './buildFederatedSchema';
export * from './SubgraphContext';
export * from './serveSubgraph';
export * from './startSubgraph';
export * from './gatewayCredential';
export * from './SubgraphRoute';
export * from './metrics';
