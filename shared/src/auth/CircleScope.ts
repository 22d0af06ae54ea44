import type { Role } from './CareCircleDirectory';

const ROLES: readonly string[] = ['OWNER', 'CAREGIVER', 'FAMILY', 'VIEWER'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What a scoped gateway credential lets a request read: one care circle, as a member with one
 * role, and nothing else (no user, no writes). The gateway mints it for subscribers it has
 * authorised for that circle, so their events execute once per scope (docs/adr/0009).
 */
export interface CircleScope {
  careCircleId: string;
  role: Role;
}

/** The scope a credential's `scope` claim names, or undefined when it names none properly. */
export function parseCircleScope(claim: unknown): CircleScope | undefined {
  if (claim === null || typeof claim !== 'object' || Array.isArray(claim)) return undefined;
  const { careCircleId, role, ...rest } = claim as Record<string, unknown>;
  if (Object.keys(rest).length) return undefined;
  if (typeof careCircleId !== 'string' || !UUID.test(careCircleId)) return undefined;
  if (typeof role !== 'string' || !ROLES.includes(role)) return undefined;
  return { careCircleId: careCircleId.toLowerCase(), role: role as Role };
}
