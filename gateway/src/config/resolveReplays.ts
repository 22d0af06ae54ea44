import type { SubscriptionFieldConfig } from '../subscriptions/SubscriptionFieldConfig';
import type { GatewayConfigFile } from './gatewayConfigSchema';

/** The config file with every `sequence.replay: { use }` replaced by the named definition. */
export type GatewayConfig = Omit<GatewayConfigFile, 'subscriptions' | 'replays'> & { subscriptions?: Record<string, SubscriptionFieldConfig> };

/**
 * Replaces each field's `sequence.replay: { use: NAME, variables }` with `replays[NAME]` plus its
 * variables, so one replay query serves several fields instead of being pasted into each. An
 * unknown name is an error naming the field.
 */
export function resolveReplays(config: GatewayConfigFile): GatewayConfig {
  const { replays = {}, subscriptions, ...rest } = config;
  if (!subscriptions) return rest;
  const resolved: Record<string, SubscriptionFieldConfig> = {};
  for (const [name, field] of Object.entries(subscriptions)) {
    const replay = field.sequence?.replay;
    if (!field.sequence || !replay || !('use' in replay)) {
      resolved[name] = field as SubscriptionFieldConfig;
      continue;
    }
    const definition = replays[replay.use];
    if (!definition) throw new Error(`subscriptions.${name}.sequence.replay.use: no replay named "${replay.use}" under replays`);
    resolved[name] = { ...field, sequence: { ...field.sequence, replay: { ...definition, ...(replay.variables ? { variables: replay.variables } : {}) } } };
  }
  return { ...rest, subscriptions: resolved };
}
