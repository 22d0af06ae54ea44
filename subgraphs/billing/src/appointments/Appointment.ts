import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * care's Appointment, as billing sees it: the key plus the `bill` field billing contributes
 * (see AppointmentResolver). care owns and resolves every other field.
 */
@ObjectType('Appointment')
@Directive('@key(fields: "id")')
export class Appointment {
  @Field(() => ID)
  id!: string;
}
