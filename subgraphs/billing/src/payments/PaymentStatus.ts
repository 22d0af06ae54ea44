import { registerEnumType } from 'type-graphql';

export enum PaymentStatus {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

registerEnumType(PaymentStatus, { name: 'PaymentStatus' });
