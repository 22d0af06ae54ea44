import { randomUUID } from 'node:crypto';
import type { DomainError } from '@caregraph/shared';
import type { MikroORM } from '@mikro-orm/core';
import { startAppointmentsFixture, type AppointmentsFixture } from '../__tests__/appointmentsFixture';
import { outboxEvents, type CareHarness } from '../__tests__/careHarness';
import { AppointmentStatus } from '../index';
import { cancelAppointmentBySystem } from './cancelAppointmentBySystem';
import { confirmAppointment } from './confirmAppointment';

describe('appointment commands for the booking saga', () => {
  let harness: CareHarness;
  let orm: MikroORM;
  const circle = randomUUID();
  let owner: { id: string; token: string };
  let careRecipientId: string;
  let fixture: AppointmentsFixture;

  beforeAll(async () => {
    fixture = await startAppointmentsFixture('careapptcmd', circle);
    ({ harness, orm, owner, careRecipientId } = fixture);
  });
  afterAll(() => fixture?.close());

  const requested = () => fixture.requested();
  const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: DomainError) => error.code ?? error.message);
  const timelineKinds = async (appointmentKind: string) =>
    (await harness.db.query('select author_id from care.timeline_entry where kind = $1 and care_recipient_id = $2', [appointmentKind, careRecipientId])).rows;

  it('confirms a REQUESTED appointment once, stamping the causation id, and is idempotent', async () => {
    const appointmentId = await requested();
    const causationId = randomUUID();
    const confirmed = await confirmAppointment(orm.em.fork(), { appointmentId, causationId });
    expect(confirmed).toMatchObject({ id: appointmentId, status: AppointmentStatus.CONFIRMED, version: 2 });

    const again = await confirmAppointment(orm.em.fork(), { appointmentId, causationId: randomUUID() });
    expect(again.status).toBe(AppointmentStatus.CONFIRMED);
    const events = await outboxEvents(harness, 'appointment.confirmed', appointmentId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      causationid: causationId,
      carecircleid: circle,
      data: { appointmentId, careRecipientId, careCircleId: circle, status: 'CONFIRMED', previousStatus: 'REQUESTED', confirmedBy: null, version: 2 },
    });
    // The event's actor and the timeline both name whoever requested the appointment.
    expect(events[0].causedby).toBe(owner.id);
    expect(await timelineKinds('appointment.confirmed')).toEqual([{ author_id: owner.id }]);
    const read = await harness.gql(`query ($id: ID!) { appointment(id: $id) { status } }`, { id: appointmentId }, owner.token);
    expect(read.data!.appointment.status).toBe('CONFIRMED');
  });

  it('cancels by system with a reason and is idempotent, keeping the first reason', async () => {
    const appointmentId = await requested();
    const cancelled = await cancelAppointmentBySystem(orm.em.fork(), { appointmentId, reason: 'payment failed: card_declined', causationId: 'evt-1' });
    expect(cancelled).toMatchObject({ status: AppointmentStatus.CANCELLED, cancellationReason: 'payment failed: card_declined' });
    const again = await cancelAppointmentBySystem(orm.em.fork(), { appointmentId, reason: 'deadline passed' });
    expect(again).toMatchObject({ status: AppointmentStatus.CANCELLED, cancellationReason: 'payment failed: card_declined' });
    const events = await outboxEvents(harness, 'appointment.cancelled', appointmentId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ causationid: 'evt-1', data: { status: 'CANCELLED', previousStatus: 'REQUESTED', reason: 'payment failed: card_declined', cancelledBy: null } });
  });

  it('also cancels a CONFIRMED appointment', async () => {
    const appointmentId = await requested();
    await confirmAppointment(orm.em.fork(), { appointmentId });
    const cancelled = await cancelAppointmentBySystem(orm.em.fork(), { appointmentId, reason: 'clinic closed' });
    expect(cancelled.status).toBe(AppointmentStatus.CANCELLED);
    expect((await outboxEvents(harness, 'appointment.cancelled', appointmentId))[0].data.previousStatus).toBe('CONFIRMED');
  });

  it('refuses illegal transitions, unknown ids and blank reasons without writing anything', async () => {
    const cancelledId = await requested();
    await cancelAppointmentBySystem(orm.em.fork(), { appointmentId: cancelledId, reason: 'no' });
    expect(await codeOf(confirmAppointment(orm.em.fork(), { appointmentId: cancelledId }))).toBe('ILLEGAL_STATE');

    const completedId = await requested();
    await orm.em.getConnection().execute(`update care.appointment set status = 'COMPLETED' where id = ?`, [completedId]);
    expect(await codeOf(cancelAppointmentBySystem(orm.em.fork(), { appointmentId: completedId, reason: 'x' }))).toBe('ILLEGAL_STATE');
    expect(await codeOf(confirmAppointment(orm.em.fork(), { appointmentId: completedId }))).toBe('ILLEGAL_STATE');

    expect(await codeOf(confirmAppointment(orm.em.fork(), { appointmentId: randomUUID() }))).toBe('NOT_FOUND');
    expect(await codeOf(confirmAppointment(orm.em.fork(), { appointmentId: 'nope' }))).toBe('BAD_USER_INPUT');
    const openId = await requested();
    expect(await codeOf(cancelAppointmentBySystem(orm.em.fork(), { appointmentId: openId, reason: ' ' }))).toBe('BAD_USER_INPUT');
    expect(await outboxEvents(harness, 'appointment.confirmed', completedId)).toEqual([]);
    expect(await outboxEvents(harness, 'appointment.cancelled', openId)).toEqual([]);
  });

  it('serialises a concurrent confirm and cancel on the row lock', async () => {
    const appointmentId = await requested();
    const outcomes = await Promise.all([
      codeOf(confirmAppointment(orm.em.fork(), { appointmentId })),
      codeOf(cancelAppointmentBySystem(orm.em.fork(), { appointmentId, reason: 'deadline passed' })),
    ]);
    const events = [...(await outboxEvents(harness, 'appointment.confirmed', appointmentId)), ...(await outboxEvents(harness, 'appointment.cancelled', appointmentId))];
    // Cancel after confirm is legal, confirm after cancel is not: either both apply in that order or one fails.
    if (outcomes[0] === 'resolved') expect(events.map((event) => event.data.version).sort()).toEqual(outcomes[1] === 'resolved' ? [2, 3] : [2]);
    else expect(events.map((event) => event.type)).toEqual(['appointment.cancelled']);
  });
});
