import { registerEnumType } from 'type-graphql';

export enum BillStatus {
  PENDING = 'PENDING',
  PAID = 'PAID',
  FAILED = 'FAILED',
  VOID = 'VOID',
  /** Was PAID; its payment was returned (refundBill). Final, like VOID. */
  REFUNDED = 'REFUNDED',
}

registerEnumType(BillStatus, { name: 'BillStatus' });

/** A bill can be paid while nothing has been collected yet; FAILED stays payable after a decline. */
export const PAYABLE: readonly BillStatus[] = [BillStatus.PENDING, BillStatus.FAILED];
