import { NotFoundError, requireUser } from '@caregraph/shared';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Appointment } from '../appointments/Appointment.entity';
import { AppointmentConnection } from '../appointments/AppointmentConnection';
import type { CareContext } from '../common/CareContext';
import { pageKey, toConnection } from '../common/connection';
import { parseId } from '../common/validate';
import { AlertStatus } from '../emergencyAlerts/AlertStatus';
import { EmergencyAlert } from '../emergencyAlerts/EmergencyAlert.entity';
import { Medication } from '../medications/Medication.entity';
import { CareCircle } from '../references/CareCircle';
import { TimelineConnection } from '../timeline/TimelineConnection';
import { TimelineEntry } from '../timeline/TimelineEntry.entity';
import { addCareRecipient, AddCareRecipientInput } from './addCareRecipient';
import { CareRecipient } from './CareRecipient.entity';
import { updateCareRecipient, UpdateCareRecipientInput } from './updateCareRecipient';

@Resolver(() => CareRecipient)
export class CareRecipientResolver {
  /** Members of the owning circle only: NOT_FOUND for an unknown id, FORBIDDEN for outsiders. */
  @Query(() => CareRecipient, { nullable: true })
  async careRecipient(@Arg('id', () => ID) id: string, @Ctx() ctx: CareContext): Promise<CareRecipient> {
    requireUser(ctx);
    const recipientId = parseId(id, 'id');
    const recipient = await ctx.loaders.careRecipient.load(recipientId);
    if (!recipient) throw new NotFoundError('CareRecipient', recipientId);
    await ctx.circles.require(recipient.careCircleId);
    return recipient;
  }

  @Mutation(() => CareRecipient)
  addCareRecipient(@Arg('input', () => AddCareRecipientInput) input: AddCareRecipientInput, @Ctx() ctx: CareContext): Promise<CareRecipient> {
    return addCareRecipient(ctx, input);
  }

  /** Writers of the recipient's circle only. */
  @Mutation(() => CareRecipient)
  updateCareRecipient(@Arg('input', () => UpdateCareRecipientInput) input: UpdateCareRecipientInput, @Ctx() ctx: CareContext): Promise<CareRecipient> {
    return updateCareRecipient(ctx, input);
  }

  @FieldResolver(() => CareCircle)
  careCircle(@Root() recipient: CareRecipient): CareCircle {
    return { id: recipient.careCircleId };
  }

  @FieldResolver(() => [Medication])
  medications(@Root() recipient: CareRecipient, @Ctx() ctx: CareContext): Promise<Medication[]> {
    return ctx.loaders.medicationsByRecipient.load(recipient.id);
  }

  /** Soonest first: ordered by startsAt, then id; the cursor is (startsAt, id). */
  @FieldResolver(() => AppointmentConnection)
  async appointments(
    @Root() recipient: CareRecipient,
    @Ctx() ctx: CareContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<AppointmentConnection> {
    const page = await ctx.loaders.appointmentsByRecipient.load(pageKey(recipient.id, first, after));
    return toConnection(page, (node: Appointment) => ({ at: node.startsAt, id: node.id }));
  }

  /** Newest first (raisedAt, then id); every alert, or only those with `status`. */
  @FieldResolver(() => [EmergencyAlert])
  emergencyAlerts(
    @Root() recipient: CareRecipient,
    @Ctx() ctx: CareContext,
    @Arg('status', () => AlertStatus, { nullable: true }) status?: AlertStatus | null,
  ): Promise<EmergencyAlert[]> {
    return ctx.loaders.alertsByRecipient.load({ careRecipientId: recipient.id, status: status ?? null });
  }

  /** Newest first: ordered by createdAt, then id, both descending; the cursor is (createdAt, id). */
  @FieldResolver(() => TimelineConnection)
  async timeline(
    @Root() recipient: CareRecipient,
    @Ctx() ctx: CareContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<TimelineConnection> {
    const page = await ctx.loaders.timelineByRecipient.load(pageKey(recipient.id, first, after));
    return toConnection(page, (node: TimelineEntry) => ({ at: node.createdAt, id: node.id }));
  }
}
