import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CareContext } from '../common/CareContext';
import { CareCircle } from '../references/CareCircle';
import { CareRecipient } from './CareRecipient.entity';

@Resolver(() => CareCircle)
export class CareCircleRecipientsResolver {
  /** The circle's care recipients, oldest first; members only. */
  @FieldResolver(() => [CareRecipient])
  async careRecipients(@Root() circle: CareCircle, @Ctx() ctx: CareContext): Promise<CareRecipient[]> {
    await ctx.circles.require(circle.id);
    return ctx.loaders.recipientsByCircle.load(circle.id);
  }
}
