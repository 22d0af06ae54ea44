import { randomUUID } from 'node:crypto';
import { errorOf, outboxOf, PAY_BILL, startBillingHarness, type BillingHarness } from '../__tests__/billingHarness';
import { createBill } from './createBill';
import { voidBill } from './voidBill';

describe('bill command handlers', () => {
  let harness: BillingHarness;
  const circle = randomUUID();

  beforeAll(async () => {
    harness = await startBillingHarness('billingcmd');
  });
  afterAll(() => harness?.close());

  const rejection = (work: Promise<unknown>) => work.then(() => ({}), (error: { code?: string; details?: { field?: string } }) => ({ code: error.code, field: error.details?.field }));

  describe('createBill', () => {
    it('creates a PENDING bill and records bill.created with its causation', async () => {
      const appointmentId = randomUUID();
      const causationId = randomUUID();
      const bill = await createBill(harness.em(), { appointmentId, careCircleId: circle, amountCents: 6000, currency: 'EUR', causationId });
      expect(bill).toMatchObject({ appointmentId, careCircleId: circle, amountCents: 6000, currency: 'EUR', status: 'PENDING' });
      const events = await outboxOf(harness, bill.id);
      expect(events).toHaveLength(1);
      expect(events[0].payload).toMatchObject({
        type: 'bill.created',
        source: '/caregraph/billing',
        subject: bill.id,
        aggregatetype: 'Bill',
        carecircleid: circle,
        causationid: causationId,
        data: { billId: bill.id, appointmentId, amountCents: 6000, currency: 'EUR', status: 'PENDING' },
      });
    });

    it('is idempotent per appointment: a repeat returns the same bill and records nothing more', async () => {
      const appointmentId = randomUUID();
      const first = await createBill(harness.em(), { appointmentId, careCircleId: circle, amountCents: 100 });
      const second = await createBill(harness.em(), { appointmentId, careCircleId: circle, amountCents: 100 });
      expect(second.id).toBe(first.id);
      expect(second.currency).toBe('USD');
      expect(await outboxOf(harness, first.id)).toHaveLength(1);
    });

    it('creates one bill when the same command races with itself', async () => {
      const appointmentId = randomUUID();
      const bills = await Promise.all(Array.from({ length: 5 }, () => createBill(harness.em(), { appointmentId, careCircleId: circle, amountCents: 100 })));
      expect(new Set(bills.map((bill) => bill.id)).size).toBe(1);
      const { rows } = await harness.db.query('select count(*)::int as n from billing.bill where appointment_id = $1', [appointmentId]);
      expect(rows[0].n).toBe(1);
      expect(await outboxOf(harness, bills[0].id)).toHaveLength(1);
    });

    it.each([
      ['a malformed appointment id', { appointmentId: 'x' }, 'appointmentId'],
      ['a malformed circle id', { careCircleId: 'x' }, 'careCircleId'],
      ['a negative amount', { amountCents: -1 }, 'amountCents'],
      ['a fractional amount', { amountCents: 1.5 }, 'amountCents'],
      ['a lower-case currency', { currency: 'usd' }, 'currency'],
    ])('rejects %s', async (_name, override, field) => {
      const command = { appointmentId: randomUUID(), careCircleId: circle, amountCents: 100, ...override };
      expect(await rejection(createBill(harness.em(), command))).toEqual({ code: 'BAD_USER_INPUT', field });
    });
  });

  describe('voidBill', () => {
    it('voids a PENDING bill by appointment id and records bill.voided with the reason', async () => {
      const bill = await harness.seedBill(circle, 2500);
      const voided = await voidBill(harness.em(), { appointmentId: bill.appointmentId!, reason: 'payment deadline passed' });
      expect(voided).toMatchObject({ id: bill.id, status: 'VOID', voidReason: 'payment deadline passed' });
      const [, event] = await outboxOf(harness, bill.id);
      expect(event.payload).toMatchObject({
        type: 'bill.voided',
        carecircleid: circle,
        data: { billId: bill.id, appointmentId: bill.appointmentId, amountCents: 2500, status: 'VOID', previousStatus: 'PENDING', reason: 'payment deadline passed' },
      });
    });

    it('voids a FAILED bill by id, after which it can no longer be paid', async () => {
      const payer = await harness.member(circle, 'OWNER');
      const bill = await harness.seedBill(circle);
      await harness.gql(PAY_BILL, { input: { billId: bill.id, paymentMethod: 'pm_card_declined' } }, payer.token);
      expect((await voidBill(harness.em(), { billId: bill.id, reason: 'payment failed' })).status).toBe('VOID');
      const pay = await harness.gql(PAY_BILL, { input: { billId: bill.id, paymentMethod: 'pm_card_ok' } }, payer.token);
      expect(errorOf(pay).code).toBe('ILLEGAL_STATE');
    });

    it('treats voiding twice as a no-op', async () => {
      const bill = await harness.seedBill(circle);
      await voidBill(harness.em(), { billId: bill.id, reason: 'first' });
      const again = await voidBill(harness.em(), { billId: bill.id, reason: 'second' });
      expect(again).toMatchObject({ status: 'VOID', voidReason: 'first' });
      expect((await outboxOf(harness, bill.id)).map((event) => event.type)).toEqual(['bill.created', 'bill.voided']);
    });

    it('refuses to void a PAID bill with ILLEGAL_STATE and changes nothing', async () => {
      const payer = await harness.member(circle, 'FAMILY');
      const bill = await harness.seedBill(circle);
      await harness.gql(PAY_BILL, { input: { billId: bill.id, paymentMethod: 'pm_card_ok' } }, payer.token);
      expect(await rejection(voidBill(harness.em(), { billId: bill.id, reason: 'too late' }))).toEqual({ code: 'ILLEGAL_STATE', field: undefined });
      const { rows } = await harness.db.query('select status from billing.bill where id = $1', [bill.id]);
      expect(rows[0].status).toBe('PAID');
      expect((await outboxOf(harness, bill.id)).map((event) => event.type)).not.toContain('bill.voided');
    });

    it('reports unknown bills and rejects a blank reason', async () => {
      expect(await rejection(voidBill(harness.em(), { billId: randomUUID(), reason: 'x' }))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await rejection(voidBill(harness.em(), { appointmentId: randomUUID(), reason: 'x' }))).toMatchObject({ code: 'NOT_FOUND' });
      const bill = await harness.seedBill(circle);
      expect(await rejection(voidBill(harness.em(), { billId: bill.id, reason: '  ' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    });
  });
});
