import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { CircleScope } from './CircleScope';
import type { AuthUser } from './jwt';

export type Role = 'OWNER' | 'CAREGIVER' | 'FAMILY' | 'VIEWER';

/** Roles allowed to change a circle's care data; VIEWER only reads. */
export const WRITER_ROLES: readonly Role[] = ['OWNER', 'CAREGIVER', 'FAMILY'];

/**
 * Answers "which role does this user have in that care circle?" for any subgraph, from
 * identity's published read model `identity.membership_directory` (a view identity owns and
 * keeps stable; see docs/adr/0003). Reads are batched per request and strongly consistent,
 * so a circle created a moment ago is usable at once. A scoped request (a gateway credential
 * naming one circle and role, docs/adr/0009) has that role in that circle and no other.
 */
export class CareCircleDirectory {
  private readonly loader: DataLoader<string, Role | null>;

  constructor(
    private readonly em: EntityManager,
    private readonly user: AuthUser | undefined,
    private readonly scope?: CircleScope,
  ) {
    this.loader = new DataLoader(async (circleIds) => {
      if (scope) return circleIds.map((id) => (id.toLowerCase() === scope.careCircleId ? scope.role : null));
      if (!this.user) return circleIds.map(() => null);
      const rows: { care_circle_id: string; role: Role }[] = await this.em
        .getConnection()
        .execute(
          'select care_circle_id, role from identity.membership_directory where user_id = ? and care_circle_id = any(?::uuid[])',
          [this.user.id, `{${circleIds.join(',')}}`],
        );
      const roles = new Map(rows.map((row) => [row.care_circle_id, row.role]));
      return circleIds.map((id) => roles.get(id) ?? null);
    });
  }

  /** The caller's role in the circle, or null when not a member (or anonymous). */
  roleIn(careCircleId: string): Promise<Role | null> {
    return this.loader.load(careCircleId);
  }

  /**
   * Throws UNAUTHENTICATED for anonymous (unscoped) callers and FORBIDDEN unless the caller has one of
   * `roles` in the circle (any role when omitted); returns the role.
   */
  async require(careCircleId: string, roles?: readonly Role[]): Promise<Role> {
    if (!this.user && !this.scope) throw new UnauthenticatedError();
    const role = await this.roleIn(careCircleId);
    if (!role) throw new ForbiddenError('You are not a member of this care circle.');
    if (roles && !roles.includes(role)) throw new ForbiddenError(`This needs one of the roles ${roles.join(', ')}.`);
    return role;
  }
}
