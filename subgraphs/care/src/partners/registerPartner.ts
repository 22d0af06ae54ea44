import { randomUUID } from 'node:crypto';
import { generateWebhookSecret, IllegalStateError, parseId, recordEvent, requireText, requireUser, ValidationError, type SecretBox } from '@caregraph/shared';
import { Field, ID, InputType } from 'type-graphql';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { partnerEventTypes } from './eventTypes';
import { Partner } from './Partner.entity';
import type { PartnerRegistration } from './PartnerRegistration';

/** A care circle has at most this many partners, so registering cannot grow without bound. */
export const MAX_PARTNERS_PER_CIRCLE = 20;

@InputType()
export class RegisterPartnerInput {
  @Field(() => ID)
  careCircleId!: string;

  @Field()
  name!: string;

  @Field(() => [String])
  eventTypes!: string[];
}

/** Known partner event types, each once and sorted; BAD_USER_INPUT on `eventTypes` for none or an unknown one. */
function parseEventTypes(values: string[]): string[] {
  if (!values.length) throw new ValidationError('eventTypes must name at least one event type.', 'eventTypes');
  const unknown = values.find((value) => !partnerEventTypes.has(value));
  if (unknown !== undefined) {
    throw new ValidationError(`eventTypes: "${unknown.slice(0, 100)}" is not a partner event type (${[...partnerEventTypes.keys()].join(', ')}).`, 'eventTypes');
  }
  return [...new Set(values)].sort();
}

/**
 * Registers a partner of a care circle (its OWNERs only) that may send the given event types,
 * with a new Standard Webhooks secret, sealed before it is stored: the answer is the only place
 * it is ever shown. Records `partner.registered` (without the secret).
 */
export async function registerPartner(ctx: CareContext, input: RegisterPartnerInput, secrets: SecretBox): Promise<PartnerRegistration> {
  const user = requireUser(ctx);
  const careCircleId = parseId(input.careCircleId, 'careCircleId');
  await ctx.circles.require(careCircleId, ['OWNER']);
  const name = requireText(input.name, 'name', 100);
  const eventTypes = parseEventTypes(input.eventTypes);
  const secret = generateWebhookSecret();

  const partner = await ctx.em.transactional(async (em) => {
    if ((await em.count(Partner, { careCircleId })) >= MAX_PARTNERS_PER_CIRCLE) {
      throw new IllegalStateError(`A care circle has at most ${MAX_PARTNERS_PER_CIRCLE} partners.`);
    }
    const created = em.create(Partner, { id: randomUUID(), careCircleId, name, eventTypes, sealedSecret: secrets.seal(secret), registeredById: user.id });
    recordEvent(
      em,
      CARE_SOURCE,
      {
        type: 'partner.registered',
        aggregateType: 'Partner',
        aggregateId: created.id,
        careCircleId,
        data: { partnerId: created.id, careCircleId, name, eventTypes, registeredBy: user.id },
      },
      ctx.eventContext,
    );
    return created;
  });
  return { partner, secret };
}
