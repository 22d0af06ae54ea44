import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { CareRecipient } from '../careRecipients/CareRecipient.entity';
import type { CareContext } from '../common/CareContext';
import { User } from '../references/User';
import { EmergencyAlert } from './EmergencyAlert.entity';
import { raiseEmergencyAlert, RaiseEmergencyAlertInput } from './raiseEmergencyAlert';
import { resolveEmergencyAlert } from './resolveEmergencyAlert';

@Resolver(() => EmergencyAlert)
export class EmergencyAlertResolver {
  @Mutation(() => EmergencyAlert)
  raiseEmergencyAlert(@Arg('input', () => RaiseEmergencyAlertInput) input: RaiseEmergencyAlertInput, @Ctx() ctx: CareContext): Promise<EmergencyAlert> {
    return raiseEmergencyAlert(ctx, input);
  }

  @Mutation(() => EmergencyAlert)
  resolveEmergencyAlert(@Arg('id', () => ID) id: string, @Ctx() ctx: CareContext): Promise<EmergencyAlert> {
    return resolveEmergencyAlert(ctx, id);
  }

  @FieldResolver(() => CareRecipient)
  async careRecipient(@Root() alert: EmergencyAlert, @Ctx() ctx: CareContext): Promise<CareRecipient> {
    return (await ctx.loaders.careRecipient.load(alert.careRecipientId))!;
  }

  /** Stubs `{ id }`: identity resolves the users' fields through the gateway. */
  @FieldResolver(() => User)
  raisedBy(@Root() alert: EmergencyAlert): User {
    return { id: alert.raisedById };
  }

  @FieldResolver(() => User, { nullable: true })
  resolvedBy(@Root() alert: EmergencyAlert): User | null {
    return alert.resolvedById ? { id: alert.resolvedById } : null;
  }
}
