import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Reference-only stub of identity's CareCircle: billing stores the id, identity resolves the rest. */
@ObjectType('CareCircle')
@Directive('@key(fields: "id", resolvable: false)')
export class CareCircle {
  @Field(() => ID)
  id!: string;
}
