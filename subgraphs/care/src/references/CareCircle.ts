import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * identity's CareCircle, to which care contributes `careRecipients`. care stores only the id;
 * identity resolves the circle's own fields.
 */
@ObjectType('CareCircle')
@Directive('@key(fields: "id")')
export class CareCircle {
  @Field(() => ID)
  id!: string;
}
