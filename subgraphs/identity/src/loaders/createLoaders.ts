import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { CareCircle } from '../careCircles/CareCircle.entity';
import { Membership } from '../careCircles/Membership.entity';
import { User } from '../users/User.entity';

/** Per-request batching: one query per kind of lookup, whatever the shape of the query. */
export interface IdentityLoaders {
  userById: DataLoader<string, User | null>;
  careCircleById: DataLoader<string, CareCircle | null>;
  membershipsByCircle: DataLoader<string, Membership[]>;
  membershipsByUser: DataLoader<string, Membership[]>;
  /** true when the caller shares at least one care circle with that user */
  sharesCircleWith: DataLoader<string, boolean>;
}

function byId<T extends { id: string }>(rows: T[], ids: readonly string[]): (T | null)[] {
  const found = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => found.get(id) ?? null);
}

function groupBy<T>(rows: T[], keyOf: (row: T) => string, keys: readonly string[]): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

export function createLoaders(em: EntityManager, callerId: string | undefined): IdentityLoaders {
  return {
    userById: new DataLoader(async (ids) => byId(await em.find(User, { id: { $in: [...ids] } }), ids)),
    careCircleById: new DataLoader(async (ids) => byId(await em.find(CareCircle, { id: { $in: [...ids] } }), ids)),
    membershipsByCircle: new DataLoader(async (ids) => {
      const rows = await em.find(Membership, { careCircle: { $in: [...ids] } }, { orderBy: { joinedAt: 'asc', id: 'asc' } });
      return groupBy(rows, (m) => m.careCircle.id, ids);
    }),
    membershipsByUser: new DataLoader(async (ids) => {
      const rows = await em.find(Membership, { user: { $in: [...ids] } }, { orderBy: { joinedAt: 'asc', id: 'asc' } });
      return groupBy(rows, (m) => m.user.id, ids);
    }),
    sharesCircleWith: new DataLoader(async (ids) => {
      if (!callerId) return ids.map(() => false);
      const rows: { user_id: string }[] = await em.getConnection().execute(
        `select distinct theirs.user_id from identity.memberships mine
           join identity.memberships theirs on theirs.care_circle_id = mine.care_circle_id
          where mine.user_id = ? and theirs.user_id = any(?::uuid[])`,
        [callerId, `{${ids.join(',')}}`],
      );
      const shared = new Set(rows.map((row) => row.user_id));
      return ids.map((id) => shared.has(id));
    }),
  };
}
