import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class RegisterWebhookInput {
  @Field(() => ID)
  careCircleId!: string;

  /** https (http only to localhost in development), at most 2048 characters. */
  @Field()
  url!: string;

  /** Event types of the circle's log or patterns such as `medication.*`; 1 to 20. */
  @Field(() => [String])
  eventTypes!: string[];
}
