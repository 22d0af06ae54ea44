import { registerEnumType } from 'type-graphql';

export enum PaymentStatus {
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  /** Was SUCCEEDED; the money was returned (see `refundedAt`). */
  REFUNDED = 'REFUNDED',
}

registerEnumType(PaymentStatus, { name: 'PaymentStatus' });
