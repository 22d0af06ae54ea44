import { NotFoundError, requireUser } from '@caregraph/shared';
import { GraphQLDateTime } from 'graphql-scalars';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CareRecipient } from '../careRecipients/CareRecipient.entity';
import type { CareContext } from '../common/CareContext';
import { parseId } from '../common/validate';
import { Appointment } from './Appointment.entity';
import { cancelAppointment } from './cancelAppointment';
import { rescheduleAppointment } from './rescheduleAppointment';
import { scheduleAppointment, ScheduleAppointmentInput } from './scheduleAppointment';

@Resolver(() => Appointment)
export class AppointmentResolver {
  /** Members of the owning circle only: NOT_FOUND for an unknown id, FORBIDDEN for outsiders. */
  @Query(() => Appointment, { nullable: true })
  async appointment(@Arg('id', () => ID) id: string, @Ctx() ctx: CareContext): Promise<Appointment> {
    requireUser(ctx);
    const appointmentId = parseId(id, 'id');
    const appointment = await ctx.loaders.appointment.load(appointmentId);
    if (!appointment) throw new NotFoundError('Appointment', appointmentId);
    await ctx.circles.require(appointment.careCircleId);
    return appointment;
  }

  @Mutation(() => Appointment)
  scheduleAppointment(@Arg('input', () => ScheduleAppointmentInput) input: ScheduleAppointmentInput, @Ctx() ctx: CareContext): Promise<Appointment> {
    return scheduleAppointment(ctx, input);
  }

  @Mutation(() => Appointment)
  cancelAppointment(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: CareContext): Promise<Appointment> {
    return cancelAppointment(ctx, id, reason);
  }

  @Mutation(() => Appointment, { description: 'Moves a REQUESTED or CONFIRMED appointment (writers); a CONFIRMED one gets its reminders moved.' })
  rescheduleAppointment(@Arg('id', () => ID) id: string, @Arg('startsAt', () => GraphQLDateTime) startsAt: Date, @Ctx() ctx: CareContext): Promise<Appointment> {
    return rescheduleAppointment(ctx, id, startsAt);
  }

  @FieldResolver(() => CareRecipient)
  async careRecipient(@Root() appointment: Appointment, @Ctx() ctx: CareContext): Promise<CareRecipient> {
    return (await ctx.loaders.careRecipient.load(appointment.careRecipientId))!;
  }
}
