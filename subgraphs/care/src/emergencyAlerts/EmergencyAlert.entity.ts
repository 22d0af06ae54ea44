import { Entity, Enum, Index, type Opt, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Directive, Field, ObjectType } from 'type-graphql';
import { AlertStatus } from './AlertStatus';
import { RecipientRecord } from '../common/RecipientRecord';

/** An emergency raised for a care recipient; raisedBy/resolvedBy are identity's User ids. */
@Entity({ tableName: 'emergency_alert' })
@Index({ properties: ['careRecipientId', 'raisedAt', 'id'] })
@ObjectType()
@Directive('@key(fields: "id")')
export class EmergencyAlert extends RecipientRecord {
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
