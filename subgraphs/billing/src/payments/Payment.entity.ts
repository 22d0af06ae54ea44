import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PaymentStatus } from './PaymentStatus';

/** One charge attempt on a bill: successful, declined, or successful and later refunded. */
@Entity({ tableName: 'payment' })
@Index({ properties: ['billId', 'createdAt'] })
@ObjectType()
export class Payment {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  /** Exposed as `bill: Bill!`. */
  @Property({ type: 'uuid' })
  billId!: string;

  @Property({ type: 'int' })
  @Field(() => Int)
  amountCents!: number;

  @Property({ type: 'text' })
  currency!: string;

  @Enum({ items: () => PaymentStatus, type: 'text' })
  @Field(() => PaymentStatus)
  status!: PaymentStatus;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  failureReason?: string | null;

  /** The processor token used; kept for support and reconciliation, never exposed. */
  @Property({ type: 'text' })
  paymentMethod!: string;

  /** The processor's reference for a successful charge. */
  @Property({ type: 'text', nullable: true })
  processorReference?: string | null;

  /** When the money was returned; set with status REFUNDED. */
  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => GraphQLDateTime, { nullable: true })
  refundedAt?: Date | null;

  /** The processor's reference for the refund; kept for reconciliation, never exposed. */
  @Property({ type: 'text', nullable: true })
  refundReference?: string | null;

  @Property({ type: 'timestamptz' })
  @Field(() => GraphQLDateTime)
  createdAt: Date & Opt = new Date();
}
