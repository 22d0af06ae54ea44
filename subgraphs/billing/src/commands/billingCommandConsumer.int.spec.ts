import { randomUUID } from 'node:crypto';
import { createCloudEvent, PermanentError, type CloudEvent } from '@caregraph/shared';
import pino from 'pino';
import { startBillingHarness, type BillingHarness } from '../__tests__/billingHarness';
import type { BillingCommand } from '../contracts';
import { RecordingPaymentProcessor } from '../payments/RecordingPaymentProcessor';
import { billingCommandConsumer } from './billingCommandConsumer';

describe("billing's command consumer", () => {
  let harness: BillingHarness;
  const circle = randomUUID();
  const processor = new RecordingPaymentProcessor();

  beforeAll(async () => {
    harness = await startBillingHarness('billingcmdconsumer');
  });
  afterAll(() => harness?.close());

  const command = ({ type, data }: BillingCommand): CloudEvent =>
    createCloudEvent({ type, source: '/caregraph/sagas', subject: randomUUID(), data: data as Record<string, unknown>, careCircleId: circle, causationId: 'the-payment-event' });
  /** The handler in a transaction, as the runtime runs it (the inbox row is the runtime's). */
  const handle = (message: CloudEvent) => {
    const consumer = billingCommandConsumer({ em: harness.em(), paymentProcessor: processor });
    return harness.em().transactional((em) => consumer.handle(message, em, pino({ level: 'silent' })));
  };
  const replies = async (appointmentId: string) =>
    (await harness.db.query(`select event_type, payload from billing.outbox where payload->'data'->>'appointmentId' = $1 order by sequence`, [appointmentId])).rows.map(
      (row) => [row.event_type as string, row.payload as CloudEvent],
    );

  it('declares queue billing.commands bound to billing.* on the commands exchange, with the inbox in schema billing', () => {
    expect(billingCommandConsumer({ em: harness.em(), paymentProcessor: processor })).toMatchObject({
      name: 'billing-commands',
      queue: 'billing.commands',
      exchange: 'commands',
      bindings: ['billing.*'],
      inboxSchema: 'billing',
    });
  });

  it('creates the bill under the id the sender chose, replying bill.created with the command’s causation; a second create is skipped', async () => {
    const appointmentId = randomUUID();
    const billId = randomUUID();
    await handle(command({ type: 'billing.create_bill', data: { billId, appointmentId, careCircleId: circle, amountCents: 4500 } }));
    const again = command({ type: 'billing.create_bill', data: { billId: randomUUID(), appointmentId, careCircleId: circle, amountCents: 4500 } });
    await handle(again);

    const [[created, event], [skipped, skip]] = await replies(appointmentId);
    expect([created, skipped]).toEqual(['bill.created', 'billing.command_skipped']);
    expect(event).toMatchObject({ causationid: 'the-payment-event', data: { billId, appointmentId, amountCents: 4500 } });
    expect(skip).toMatchObject({ carecircleid: circle, causationid: 'the-payment-event', data: { commandId: again.id, commandType: 'billing.create_bill', appointmentId } });
    expect((await harness.db.query('select id from billing.bill where appointment_id = $1', [appointmentId])).rows).toEqual([{ id: billId }]);
  });

  it('voids once, skips a second void, and rejects a refund of an unpaid bill with its reason', async () => {
    const bill = await harness.seedBill(circle);
    const appointmentId = bill.appointmentId!;
    await handle(command({ type: 'billing.void_bill', data: { appointmentId, reason: 'payment deadline passed' } }));
    await handle(command({ type: 'billing.void_bill', data: { appointmentId, reason: 'payment deadline passed' } }));
    const refund = command({ type: 'billing.refund_bill', data: { appointmentId, reason: 'no longer needed' } });
    await handle(refund);

    expect((await replies(appointmentId)).map(([type]) => type)).toEqual(['bill.created', 'bill.voided', 'billing.command_skipped', 'billing.command_rejected']);
    const [, rejected] = (await replies(appointmentId)).at(-1)!;
    expect(rejected).toMatchObject({
      source: '/caregraph/billing',
      data: { commandId: refund.id, commandType: 'billing.refund_bill', code: 'ILLEGAL_STATE', message: `Bill ${bill.id} is VOID and cannot be refunded.`, appointmentId, reason: 'no longer needed' },
    });
    expect(processor.refundRequests).toHaveLength(0);
  });

  it('rejects a command for an appointment without a bill as NOT_FOUND', async () => {
    const appointmentId = randomUUID();
    await handle(command({ type: 'billing.void_bill', data: { appointmentId, reason: 'payment failed: card_declined' } }));
    expect((await replies(appointmentId)).map(([, event]) => (event as CloudEvent).data.code)).toEqual(['NOT_FOUND']);
  });

  it('dead-letters an unknown command type and a malformed id instead of replying', async () => {
    const unknown = createCloudEvent({ type: 'billing.print_bill', source: '/caregraph/sagas', data: {} });
    await expect(handle(unknown)).rejects.toBeInstanceOf(PermanentError);
    await expect(handle(command({ type: 'billing.void_bill', data: { appointmentId: 'not-a-uuid', reason: 'x' } }))).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
