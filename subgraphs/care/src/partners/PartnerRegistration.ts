import { Field, ObjectType } from 'type-graphql';
import { Partner } from './Partner.entity';

/** What registerPartner answers, the only time the secret is shown. */
@ObjectType()
export class PartnerRegistration {
  @Field(() => Partner)
  partner!: Partner;

  /** `whsec_` + base64: the key the partner signs its events with (Standard Webhooks). */
  @Field()
  secret!: string;
}
