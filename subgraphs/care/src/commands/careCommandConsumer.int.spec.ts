import { randomUUID } from 'node:crypto';
import { createCloudEvent, type CloudEvent } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import pino from 'pino';
import { startAppointmentsFixture, type AppointmentsFixture } from '../__tests__/appointmentsFixture';
import { CANCEL_APPOINTMENT } from '../__tests__/careHarness';
import type { CareCommand } from '../contracts';
import { careCommandConsumer } from './careCommandConsumer';

describe("care's command consumer", () => {
  const circle = randomUUID();
  let fixture: AppointmentsFixture;

  beforeAll(async () => {
    fixture = await startAppointmentsFixture('carecmdconsumer', circle);
  });
  afterAll(() => fixture?.close());

  const requested = () => fixture.requested();
  const command = ({ type, data }: CareCommand): CloudEvent =>
    createCloudEvent({ type, source: '/caregraph/sagas', subject: randomUUID(), data: data as Record<string, unknown>, careCircleId: circle, causationId: 'the-payment-event' });
  const handle = (message: CloudEvent) => {
    const em = fixture.orm.em.fork() as EntityManager;
    return em.transactional((tx) => careCommandConsumer({ em }).handle(message, tx, pino({ level: 'silent' })));
  };
  const replies = async (appointmentId: string) =>
    (await fixture.harness.db.query(`select payload from care.outbox where event_type <> 'appointment.requested' and exchange <> 'commands' and payload->'data'->>'appointmentId' = $1 order by sequence`, [appointmentId])).rows.map(
      (row) => row.payload as CloudEvent,
    );

  it('confirms with the command’s causation and skips a second confirmation', async () => {
    const appointmentId = await requested();
    await handle(command({ type: 'care.confirm_appointment', data: { appointmentId } }));
    const again = command({ type: 'care.confirm_appointment', data: { appointmentId } });
    await handle(again);
    const [confirmed, skipped] = await replies(appointmentId);
    expect(confirmed).toMatchObject({ type: 'appointment.confirmed', causationid: 'the-payment-event', data: { appointmentId, status: 'CONFIRMED' } });
    expect(skipped).toMatchObject({ type: 'care.command_skipped', source: '/caregraph/care', data: { commandId: again.id, commandType: 'care.confirm_appointment', appointmentId } });
  });

  it("skips the cancellation of an appointment a member cancelled first, keeping the member's reason", async () => {
    const appointmentId = await requested();
    await fixture.harness.gql(CANCEL_APPOINTMENT, { id: appointmentId, reason: 'feeling better' }, fixture.owner.token);
    await handle(command({ type: 'care.cancel_appointment', data: { appointmentId, reason: 'payment deadline passed' } }));
    expect((await replies(appointmentId)).map((event) => event.type)).toEqual(['appointment.cancelled', 'care.command_skipped']);
    expect((await fixture.harness.db.query('select cancellation_reason from care.appointment where id = $1', [appointmentId])).rows).toEqual([{ cancellation_reason: 'feeling better' }]);
  });

  it('rejects confirming a cancelled appointment as ILLEGAL_STATE, and an unknown one as NOT_FOUND', async () => {
    const appointmentId = await requested();
    await handle(command({ type: 'care.cancel_appointment', data: { appointmentId, reason: 'payment failed: card_declined' } }));
    await handle(command({ type: 'care.confirm_appointment', data: { appointmentId } }));
    const unknown = randomUUID();
    await handle(command({ type: 'care.confirm_appointment', data: { appointmentId: unknown } }));
    expect((await replies(appointmentId)).map((event) => [event.type, event.data.code])).toEqual([
      ['appointment.cancelled', undefined],
      ['care.command_rejected', 'ILLEGAL_STATE'],
    ]);
    expect((await replies(unknown)).map((event) => event.data.code)).toEqual(['NOT_FOUND']);
  });
});
