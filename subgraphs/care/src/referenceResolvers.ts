import type { ReferenceResolver } from '@caregraph/shared';
import type DataLoader from 'dataloader';
import type { CareContext } from './common/CareContext';
import type { CareLoaders } from './common/createCareLoaders';
import { CareCircle } from './references/CareCircle';

/**
 * `_entities` lookups, batched through the request's loaders. Each one authorises: the gateway
 * resolves subscription events through `_entities` with the subscriber's token, so this is the
 * per-event check that the caller belongs to the owning care circle (FORBIDDEN otherwise).
 * An unknown or malformed id resolves to null.
 */
function authorised(pick: (loaders: CareLoaders) => DataLoader<string, { careCircleId: string } | null>): ReferenceResolver<CareContext> {
  return async (reference, ctx) => {
    const entity = await pick(ctx.loaders).load(String(reference.id));
    if (!entity) return null;
    await ctx.circles.require(entity.careCircleId);
    return entity;
  };
}

export const referenceResolvers: Record<string, ReferenceResolver<CareContext>> = {
  CareRecipient: authorised((loaders) => loaders.careRecipient),
  Medication: authorised((loaders) => loaders.medication),
  MedicationLog: authorised((loaders) => loaders.medicationLog),
  Appointment: authorised((loaders) => loaders.appointment),
  EmergencyAlert: authorised((loaders) => loaders.emergencyAlert),
  // identity owns the circle; the fields care adds to it authorise themselves.
  CareCircle: (reference) => Object.assign(new CareCircle(), { id: String(reference.id) }),
};
