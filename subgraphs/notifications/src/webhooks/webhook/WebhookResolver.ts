import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { NotificationsContext } from '../../common/NotificationsContext';
import { WebhookDeliveryConnection } from '../deliveries/WebhookDeliveryConnection';
import { webhookDeliveries } from '../deliveries/webhookDeliveries';
import { deleteWebhook } from './deleteWebhook';
import { registerWebhook } from './registerWebhook';
import { RegisterWebhookInput } from './RegisterWebhookInput';
import { Webhook } from './Webhook.entity';
import { WebhookRegistration } from './WebhookRegistration';
import { webhooksOf } from './webhooksOf';

/** Webhooks out: every field is for OWNERs of the webhook's circle. */
@Resolver(() => Webhook)
export class WebhookResolver {
  @Query(() => [Webhook])
  webhooks(@Arg('careCircleId', () => ID) careCircleId: string, @Ctx() ctx: NotificationsContext): Promise<Webhook[]> {
    return webhooksOf(ctx, careCircleId);
  }

  @Mutation(() => WebhookRegistration)
  registerWebhook(@Arg('input', () => RegisterWebhookInput) input: RegisterWebhookInput, @Ctx() ctx: NotificationsContext): Promise<WebhookRegistration> {
    return registerWebhook(ctx, input);
  }

  @Mutation(() => Boolean)
  deleteWebhook(@Arg('id', () => ID) id: string, @Ctx() ctx: NotificationsContext): Promise<boolean> {
    return deleteWebhook(ctx, id);
  }

  @FieldResolver(() => WebhookDeliveryConnection)
  deliveries(
    @Root() webhook: Webhook,
    @Ctx() ctx: NotificationsContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
  ): Promise<WebhookDeliveryConnection> {
    return webhookDeliveries(ctx, webhook, { first, after });
  }
}
