export { startGateway } from './startGateway';
export type { GatewayOptions, RunningGateway } from './GatewayOptions';
export type { AuthOptions } from './auth/AuthOptions';
export type { EventSource } from './subscriptions/EventSource';
export type { FilterRule, SubscriptionFieldConfig } from './subscriptions/SubscriptionFieldConfig';
export { loadGatewayConfig, type GatewayConfigFile } from './config/loadGatewayConfig';
export { DEFAULT_LIMITS, type GatewayLimits } from './limits/GatewayLimits';
export type { SubgraphCredential } from './datasources/SubgraphCredential';
