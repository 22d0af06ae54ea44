import { registerEnumType } from 'type-graphql';

/** Where a webhook delivery stands: waiting for its next attempt, delivered (a 2xx answer), or given up on. */
export enum DeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}

registerEnumType(DeliveryStatus, { name: 'DeliveryStatus' });
