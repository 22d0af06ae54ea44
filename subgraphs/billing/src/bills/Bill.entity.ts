import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { BillStatus } from './BillStatus';

/**
 * What a care circle owes, usually for one appointment (at most one bill per appointment).
 * careCircleId and appointmentId refer to other contexts' entities by id (no FK across schemas).
 */
@Entity({ tableName: 'bill' })
@Index({ properties: ['careCircleId'] })
@ObjectType()
@Directive('@key(fields: "id")')
export class Bill {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  careCircleId!: string;

  @Property({ type: 'uuid', nullable: true, unique: true })
  appointmentId?: string | null;

  @Property({ type: 'int' })
  @Field(() => Int)
  amountCents!: number;

  @Property({ type: 'text' })
  @Field(() => String)
  currency: string & Opt = 'USD';

  @Enum({ items: () => BillStatus, type: 'text' })
  @Field(() => BillStatus)
  status: BillStatus & Opt = BillStatus.PENDING;

  @Property({ type: 'text', nullable: true })
  voidReason?: string | null;

  /** Why the payment was returned; set with status REFUNDED. */
  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  refundReason?: string | null;

  @Property({ type: 'timestamptz' })
  @Field(() => GraphQLDateTime)
  createdAt: Date & Opt = new Date();

  /** Optimistic-lock version: every UPDATE checks and bumps it. */
  @Property({ type: 'int', version: true })
  version!: number & Opt;
}
