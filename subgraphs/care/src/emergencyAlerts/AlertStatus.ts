import { registerEnumType } from 'type-graphql';

export enum AlertStatus {
  OPEN = 'OPEN',
  RESOLVED = 'RESOLVED',
}

registerEnumType(AlertStatus, { name: 'AlertStatus' });
