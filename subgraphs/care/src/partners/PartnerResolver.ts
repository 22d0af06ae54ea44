import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { CareContext } from '../common/CareContext';
import { CareCircle } from '../references/CareCircle';
import { Partner } from './Partner.entity';
import { PartnerRegistration } from './PartnerRegistration';
import { registerPartner, RegisterPartnerInput } from './registerPartner';

@Resolver(() => Partner)
export class PartnerResolver {
  /** OWNERs of the circle only; the secret is in this answer and nowhere else, ever. */
  @Mutation(() => PartnerRegistration)
  registerPartner(@Arg('input', () => RegisterPartnerInput) input: RegisterPartnerInput, @Ctx() ctx: CareContext): Promise<PartnerRegistration> {
    return registerPartner(ctx, input, ctx.partnerSecrets);
  }

  @FieldResolver(() => CareCircle)
  careCircle(@Root() partner: Partner): CareCircle {
    return { id: partner.careCircleId };
  }
}
