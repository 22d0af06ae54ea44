import { Entity, Enum, Opt, PrimaryKey, Property } from '@mikro-orm/core';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { SagaStatus } from './SagaStatus';
import { SagaStep, type StoredSagaStep } from './SagaStep';

/**
 * The state of one appointment's booking saga (orchestrated: appointment requested → bill →
 * payment or deadline → confirm or compensate). `version` is the optimistic lock every step
 * checks, so duplicate and concurrent events cannot both advance it.
 */
@Entity({ tableName: 'booking_saga' })
@ObjectType('BookingSaga')
export class BookingSaga {
  @PrimaryKey({ type: 'uuid' })
  @Field(() => ID)
  id!: string;

  @Property({ type: 'uuid', unique: true })
  appointmentId!: string;

  @Property({ type: 'uuid' })
  careCircleId!: string;

  @Enum({ items: () => SagaStatus, nativeEnumName: undefined, type: 'text' })
  @Field(() => SagaStatus)
  status: SagaStatus & Opt = SagaStatus.RUNNING;

  @Property({ type: 'text' })
  @Field()
  step!: string;

  @Property({ type: 'timestamptz', nullable: true })
  @Field(() => GraphQLDateTime, { nullable: true })
  deadline?: Date;

  @Property({ type: 'uuid', nullable: true })
  billId?: string;

  /** While compensating, why; while refunding, why the appointment could not be confirmed (see BookingState). */
  @Property({ type: 'text', nullable: true })
  reason?: string | null;

  @Property({ type: 'jsonb' })
  history: StoredSagaStep[] & Opt = [];

  @Property({ type: 'int', version: true })
  version: number & Opt = 1;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}

/** The history as GraphQL steps. */
export function stepsOf(saga: BookingSaga): SagaStep[] {
  return saga.history.map((step) => Object.assign(new SagaStep(), { name: step.name, outcome: step.outcome, at: new Date(step.at) }));
}
