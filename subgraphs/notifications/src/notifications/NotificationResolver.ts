import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { NotificationsContext } from '../common/NotificationsContext';
import { User } from '../references/User';
import { markAllNotificationsRead, markNotificationRead } from './markNotificationRead';
import { myNotifications } from './myNotifications';
import { Notification } from './Notification.entity';
import { NotificationConnection } from './NotificationConnection';

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => NotificationConnection)
  myNotifications(
    @Ctx() ctx: NotificationsContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Arg('unreadOnly', () => Boolean, { nullable: true, defaultValue: false }) unreadOnly: boolean | null,
  ): Promise<NotificationConnection> {
    return myNotifications(ctx, { first, after, unreadOnly });
  }

  @Mutation(() => Notification)
  markNotificationRead(@Arg('id', () => ID) id: string, @Ctx() ctx: NotificationsContext): Promise<Notification> {
    return markNotificationRead(ctx, id);
  }

  @Mutation(() => Int)
  markAllNotificationsRead(@Ctx() ctx: NotificationsContext): Promise<number> {
    return markAllNotificationsRead(ctx);
  }

  @FieldResolver(() => User)
  recipient(@Root() notification: Notification): User {
    return { id: notification.recipientId };
  }
}
