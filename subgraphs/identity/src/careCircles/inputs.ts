import { Field, InputType } from 'type-graphql';

@InputType()
export class CreateCareCircleInput {
  @Field() name!: string;
}
