import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CareRecipient } from '../careRecipients/CareRecipient.entity';
import type { CareContext } from '../common/CareContext';
import { User } from '../references/User';
import { TimelineEntry } from './TimelineEntry.entity';

@Resolver(() => TimelineEntry)
export class TimelineEntryResolver {
  @FieldResolver(() => CareRecipient)
  async careRecipient(@Root() entry: TimelineEntry, @Ctx() ctx: CareContext): Promise<CareRecipient> {
    return (await ctx.loaders.careRecipient.load(entry.careRecipientId))!;
  }

  /** A stub `{ id }`: identity resolves the user's fields through the gateway. */
  @FieldResolver(() => User)
  author(@Root() entry: TimelineEntry): User {
    return { id: entry.authorId };
  }
}
