import type { SubgraphContext } from '@caregraph/shared';
import { createCareLoaders, type CareLoaders } from './createCareLoaders';

/** The request context of the care subgraph: the shared one plus per-request DataLoaders. */
export interface CareContext extends SubgraphContext {
  loaders: CareLoaders;
}

export function extendCareContext(base: SubgraphContext): CareContext {
  return { ...base, loaders: createCareLoaders(base.em) };
}

/** Where every care event says it comes from. */
export const CARE_SOURCE = '/caregraph/care';
