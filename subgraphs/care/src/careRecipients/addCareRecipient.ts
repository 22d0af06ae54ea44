import { randomUUID } from 'node:crypto';
import { recordEvent, requireUser, WRITER_ROLES } from '@caregraph/shared';
import { Field, ID, InputType } from 'type-graphql';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { parseId, parsePastDate, parseTimeZone, requireText } from '../common/validate';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { CareRecipient } from './CareRecipient.entity';

@InputType()
export class AddCareRecipientInput {
  @Field(() => ID)
  careCircleId!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  dateOfBirth?: string | null;

  /** IANA zone name; default UTC. */
  @Field(() => String, { nullable: true })
  timeZone?: string | null;
}

/** Adds a care recipient to a circle (writers only) and records `care_recipient.created`. */
export async function addCareRecipient(ctx: CareContext, input: AddCareRecipientInput): Promise<CareRecipient> {
  const user = requireUser(ctx);
  const careCircleId = parseId(input.careCircleId, 'careCircleId');
  await ctx.circles.require(careCircleId, WRITER_ROLES);
  const name = requireText(input.name, 'name');
  const dateOfBirth = parsePastDate(input.dateOfBirth, 'dateOfBirth');
  const timeZone = input.timeZone == null ? 'UTC' : parseTimeZone(input.timeZone);

  const recipient = await ctx.em.transactional(async (em) => {
    const created = em.create(CareRecipient, { id: randomUUID(), careCircleId, name, dateOfBirth: dateOfBirth ?? null, timeZone, createdById: user.id });
    recordEvent(
      em,
      CARE_SOURCE,
      {
        type: 'care_recipient.created',
        aggregateType: 'CareRecipient',
        aggregateId: created.id,
        careCircleId,
        data: { careRecipientId: created.id, careCircleId, name, dateOfBirth: dateOfBirth ?? null, timeZone },
      },
      ctx.eventContext,
    );
    const text = `${name} joined the care circle.`;
    recordTimelineEntry(em, { careRecipientId: created.id, careCircleId, kind: 'care_recipient.created', text, authorId: user.id }, ctx.eventContext);
    return created;
  });
  ctx.loaders.careRecipient.prime(recipient.id, recipient);
  return recipient;
}
