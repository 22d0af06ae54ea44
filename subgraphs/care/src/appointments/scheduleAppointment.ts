import { randomUUID } from 'node:crypto';
import { recordEvent, ValidationError } from '@caregraph/shared';
import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { CARE_SOURCE, type CareContext } from '../common/CareContext';
import { loadRecipientForWrite } from '../common/loadRecipientForWrite';
import { optionalText, requireNonNegative, requireText } from '../common/validate';
import { recordTimelineEntry } from '../timeline/recordTimelineEntry';
import { Appointment } from './Appointment.entity';
import { AppointmentStatus } from './AppointmentStatus';

/** Fees are in US cents until billing supports other currencies. */
export const APPOINTMENT_CURRENCY = 'USD';

@InputType()
export class ScheduleAppointmentInput {
  @Field(() => ID)
  careRecipientId!: string;

  @Field()
  title!: string;

  @Field(() => GraphQLDateTime)
  startsAt!: Date;

  @Field(() => String, { nullable: true })
  location?: string | null;

  @Field(() => Int)
  feeCents!: number;
}

/** A valid time strictly in the future, else BAD_USER_INPUT naming `field`. */
export function parseFutureTime(value: Date, field: string, now = new Date()): Date {
  if (Number.isNaN(value.getTime())) throw new ValidationError(`${field} is not a valid time.`, field);
  if (value.getTime() <= now.getTime()) throw new ValidationError(`${field} must be in the future.`, field);
  return value;
}

/**
 * Requests an appointment (writers only): REQUESTED, with `appointment.requested` carrying
 * the fee, which starts the booking saga (bill, payment, then confirmation or cancellation).
 */
export async function scheduleAppointment(ctx: CareContext, input: ScheduleAppointmentInput): Promise<Appointment> {
  const { user, recipient } = await loadRecipientForWrite(ctx, input.careRecipientId, 'careRecipientId');
  const fields = {
    title: requireText(input.title, 'title'),
    startsAt: parseFutureTime(input.startsAt, 'startsAt'),
    location: optionalText(input.location, 'location', 200)?.trim() || null,
    feeCents: requireNonNegative(input.feeCents, 'feeCents'),
  };
  const { careCircleId, id: careRecipientId } = recipient;

  const appointment = await ctx.em.transactional(async (em) => {
    const created = em.create(Appointment, { id: randomUUID(), careRecipientId, careCircleId, ...fields, status: AppointmentStatus.REQUESTED, createdById: user.id });
    recordEvent(
      em,
      CARE_SOURCE,
      {
        type: 'appointment.requested',
        aggregateType: 'Appointment',
        aggregateId: created.id,
        careCircleId,
        data: {
          appointmentId: created.id,
          careRecipientId,
          careCircleId,
          ...fields,
          startsAt: fields.startsAt.toISOString(),
          currency: APPOINTMENT_CURRENCY,
          status: created.status,
          requestedBy: user.id,
          version: created.version,
        },
      },
      ctx.eventContext,
    );
    const text = `Appointment "${fields.title}" requested for ${fields.startsAt.toISOString()}.`;
    recordTimelineEntry(em, { careRecipientId, careCircleId, kind: 'appointment.requested', text, authorId: user.id }, ctx.eventContext);
    return created;
  });
  ctx.loaders.appointment.prime(appointment.id, appointment);
  ctx.loaders.appointmentsByRecipient.clearAll();
  return appointment;
}
