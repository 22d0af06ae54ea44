import { Entity, Enum, Index, type Opt, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Directive, Field, ObjectType } from 'type-graphql';
import { AppointmentStatus } from './AppointmentStatus';
import { RecipientRecord } from '../common/RecipientRecord';

/**
 * A visit booked for a care recipient. The fee is kept for the booking saga (billing turns it
 * into a bill) and is not part of the public type; billing contributes `Appointment.bill`.
 */
@Entity({ tableName: 'appointment' })
@Index({ properties: ['careRecipientId', 'startsAt', 'id'] })
@ObjectType()
@Directive('@key(fields: "id")')
export class Appointment extends RecipientRecord {
  @Property({ type: 'text' })
  @Field()
  title!: string;

  @Property({ type: 'timestamptz' })
  @Field(() => GraphQLDateTime)
  startsAt!: Date;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  location?: string | null;

  @Enum({ items: () => AppointmentStatus, type: 'text' })
  @Field(() => AppointmentStatus)
  status!: AppointmentStatus;

  @Property({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  cancellationReason?: string | null;

  @Property({ type: 'integer' })
  feeCents!: number;

  @Property({ type: 'uuid' })
  createdById!: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  /** Bumped on every change (optimistic locking); events carry it so consumers can order them. */
  @Property({ type: 'integer', version: true })
  version: number & Opt = 1;
}
