import { PageInfo } from '@caregraph/shared';
import { Field, ObjectType } from 'type-graphql';
import { Appointment } from './Appointment.entity';

@ObjectType()
export class AppointmentEdge {
  @Field(() => Appointment)
  node!: Appointment;

  @Field()
  cursor!: string;
}

/** Relay connection of a care recipient's appointments, soonest first (startsAt, then id). */
@ObjectType()
export class AppointmentConnection {
  @Field(() => [AppointmentEdge])
  edges!: AppointmentEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
