import { registerEnumType } from 'type-graphql';

export enum Priority {
  NORMAL = 'NORMAL',
  HIGH = 'HIGH',
  CRITICAL = 'CRITICAL',
}

registerEnumType(Priority, { name: 'Priority' });
