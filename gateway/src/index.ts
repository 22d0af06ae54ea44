export { startGateway } from './startGateway';
export type { GatewayOptions, RunningGateway } from './GatewayOptions';
export type { AuthOptions } from './auth/AuthOptions';
export type { EventSource } from './subscriptions/EventSource';
export type { FilterRule, SubscriptionFieldConfig } from './subscriptions/SubscriptionFieldConfig';
export { loadGatewayConfig, type GatewayConfigFile } from './config/loadGatewayConfig';
export type { RateLimitOptions } from './limits/RateLimitOptions';
export { RATE_LIMIT_DEFAULTS } from './limits/RateLimitOptions';
export type { RevocationConfig } from './subscriptions/RevocationConfig';
