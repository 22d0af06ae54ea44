import { Entity, Enum, Index, type Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { AlertStatus } from './AlertStatus';

/** An emergency raised for a care recipient; raisedBy/resolvedBy are identity's User ids. */
@Entity({ tableName: 'emergency_alert' })
@Index({ properties: ['careRecipientId', 'raisedAt', 'id'] })
@ObjectType()
@Directive('@key(fields: "id")')
export class EmergencyAlert {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid' })
  careRecipientId!: string;

  @Property({ type: 'uuid' })
  careCircleId!: string;

  @Property({ type: 'text' })
  @Field()
  message!: string;

  @Enum({ items: () => AlertStatus, type: 'text' })
  @Field(() => AlertStatus)
  status!: AlertStatus;

  @Property({ type: 'uuid' })
  raisedById!: string;

  @Property({ type: 'timestamptz' })
  @Field(() => GraphQLDateTime)
  raisedAt: Date & Opt = new Date();

  @Property({ type: 'uuid', nullable: true })
  resolvedById?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => GraphQLDateTime, { nullable: true })
  resolvedAt?: Date | null;
}
