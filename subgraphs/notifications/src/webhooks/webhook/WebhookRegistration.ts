import { Field, ObjectType } from 'type-graphql';
import { Webhook } from './Webhook.entity';

/** A new webhook and its signing secret, which is shown this once. */
@ObjectType()
export class WebhookRegistration {
  @Field(() => Webhook)
  webhook!: Webhook;

  /** `whsec_` + base64 (Standard Webhooks): verify each delivery's `webhook-signature` with it. */
  @Field()
  secret!: string;
}
