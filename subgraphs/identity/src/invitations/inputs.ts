import { Field, ID, InputType } from 'type-graphql';
import { Role } from '../careCircles/Role';

@InputType()
export class InviteMemberInput {
  @Field(() => ID) careCircleId!: string;
  @Field() email!: string;
  @Field(() => Role) role!: Role;
}
