import { ConfigError } from '@caregraph/shared';
import type { PaymentProcessor } from './PaymentProcessor';
import { SandboxPaymentProcessor } from './SandboxPaymentProcessor';

/**
 * The one place billing's processor is chosen (`PAYMENT_PROCESSOR`, default and only value
 * `sandbox`): the billing subgraph charges and the billing command consumer refunds with it.
 */
export function configuredPaymentProcessor(env: NodeJS.ProcessEnv = process.env): PaymentProcessor {
  const name = env.PAYMENT_PROCESSOR ?? 'sandbox';
  if (name !== 'sandbox') throw new ConfigError({ PAYMENT_PROCESSOR: `unknown processor "${name}"; known: sandbox` });
  return new SandboxPaymentProcessor();
}
