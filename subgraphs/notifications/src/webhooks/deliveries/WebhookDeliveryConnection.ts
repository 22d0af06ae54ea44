import { connectionOf } from '@caregraph/shared';
import { ObjectType } from 'type-graphql';
import { WebhookDelivery } from './WebhookDelivery.entity';

/** Relay connection of a webhook's deliveries, newest first (createdAt, then id). */
@ObjectType()
export class WebhookDeliveryConnection extends connectionOf(WebhookDelivery, 'WebhookDelivery') {}
