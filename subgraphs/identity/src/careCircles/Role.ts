import { registerEnumType } from 'type-graphql';

/** A member's role in a care circle; values match shared's `Role` union. */
export enum Role {
  OWNER = 'OWNER',
  CAREGIVER = 'CAREGIVER',
  FAMILY = 'FAMILY',
  VIEWER = 'VIEWER',
}

registerEnumType(Role, { name: 'Role' });
