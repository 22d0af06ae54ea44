import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** care's Appointment, to which the sagas subgraph contributes `booking`. */
@ObjectType('Appointment')
@Directive('@key(fields: "id")')
export class Appointment {
  @Field(() => ID)
  id!: string;
}
