import { Field, InputType } from 'type-graphql';

@InputType()
export class SignUpInput {
  @Field() email!: string;
  @Field() password!: string;
  @Field() displayName!: string;
}

@InputType()
export class LogInInput {
  @Field() email!: string;
  @Field() password!: string;
}

@InputType()
export class UpdateProfileInput {
  @Field(() => String, { nullable: true }) displayName?: string | null;
}
