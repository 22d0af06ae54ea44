import type { SubgraphContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PaymentProcessor } from '../payments/PaymentProcessor';
import { createBillingLoaders, type BillingLoaders } from './createBillingLoaders';

/** The billing request context: the shared one plus per-request loaders and the processor. */
export interface BillingContext extends SubgraphContext {
  loaders: BillingLoaders;
  paymentProcessor: PaymentProcessor;
}

/** The `extendContext` hook for serveSubgraph. */
export function billingContextExtender(paymentProcessor: PaymentProcessor): (base: SubgraphContext) => BillingContext {
  return (base) => ({ ...base, loaders: createBillingLoaders(base.em as EntityManager), paymentProcessor });
}

/** Where every billing event says it comes from. */
export const BILLING_SOURCE = '/caregraph/billing';
