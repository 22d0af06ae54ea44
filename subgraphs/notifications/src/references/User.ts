import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Reference-only stub of identity's User: notifications stores the id, identity resolves the rest. */
@ObjectType('User')
@Directive('@key(fields: "id", resolvable: false)')
export class User {
  @Field(() => ID)
  id!: string;
}
