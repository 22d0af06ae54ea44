import type { SecretBox, SubgraphContext } from '@caregraph/shared';
import { createCareLoaders, type CareLoaders } from './createCareLoaders';

/** What care's process holds for every request (built once at start). */
export interface CareServices {
  /** Seals partners' signing secrets (docs/adr/0013). */
  partnerSecrets: SecretBox;
}

/** The request context of the care subgraph: the shared one plus per-request DataLoaders and care's services. */
export interface CareContext extends SubgraphContext, CareServices {
  loaders: CareLoaders;
}

export function extendCareContext(base: SubgraphContext, services: CareServices): CareContext {
  return { ...base, ...services, loaders: createCareLoaders(base.em) };
}

/** Where every care event says it comes from. */
export const CARE_SOURCE = '/caregraph/care';
