import { Field, ID, InputType } from 'type-graphql';
import { Role } from './Role';

@InputType()
export class CreateCareCircleInput {
  @Field() name!: string;
}

@InputType()
export class AddMemberInput {
  @Field(() => ID) careCircleId!: string;
  @Field() email!: string;
  @Field(() => Role) role!: Role;
}
