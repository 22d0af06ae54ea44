import { randomUUID } from 'node:crypto';
import { DomainError, PermanentError } from '@caregraph/shared';
import { BILL, errorOf, outboxOf, PAY_BILL, startBillingHarness, type BillingHarness } from '../__tests__/billingHarness';
import { RefundDeclinedError } from '../payments/RefundDeclinedError';
import { RecordingPaymentProcessor } from '../payments/RecordingPaymentProcessor';
import { createBill } from './createBill';
import { refundBill } from './refundBill';
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

  describe('refundBill', () => {
    const processor = new RecordingPaymentProcessor();

    /** A bill for a new appointment, paid through the subgraph's payBill; with its payment id. */
    async function paidBill(amountCents = 4500) {
      const payer = await harness.member(circle, 'OWNER');
      const bill = await harness.seedBill(circle, amountCents);
      const paid = await harness.gql(PAY_BILL, { input: { billId: bill.id, paymentMethod: 'pm_card_ok' } }, payer.token);
      expect(paid.data?.payBill.status).toBe('SUCCEEDED');
      return { bill, paymentId: paid.data!.payBill.id as string, payer };
    }
    const rowsOf = async (billId: string) => ({
      bill: (await harness.db.query('select status, refund_reason, version from billing.bill where id = $1', [billId])).rows[0],
      payments: (await harness.db.query('select status, refunded_at, refund_reference from billing.payment where bill_id = $1 order by created_at', [billId])).rows,
      events: (await outboxOf(harness, billId)).map((event) => event.type),
    });

    it('refunds the successful payment, marks payment and bill REFUNDED and records payment.refunded and bill.refunded', async () => {
      const { bill, paymentId, payer } = await paidBill(4500);
      const causationId = randomUUID();
      const correlationId = randomUUID();
      const refunded = await refundBill(harness.em(), { appointmentId: bill.appointmentId!, reason: 'appointment cancelled', causationId, correlationId }, processor);
      expect(refunded).toMatchObject({ id: bill.id, status: 'REFUNDED', refundReason: 'appointment cancelled' });

      expect(processor.requestsFor(paymentId)).toEqual([{ reference: `sandbox_ch_${paymentId}`, amountCents: 4500, currency: 'USD', idempotencyKey: `refund-${paymentId}` }]);
      const rows = await rowsOf(bill.id);
      expect(rows.bill).toEqual({ status: 'REFUNDED', refund_reason: 'appointment cancelled', version: bill.version + 2 });
      expect(rows.payments).toEqual([{ status: 'REFUNDED', refunded_at: expect.any(Date), refund_reference: `sandbox_re_refund-${paymentId}` }]);
      expect(rows.events).toEqual(['bill.created', 'payment.succeeded', 'bill.paid', 'payment.refunded', 'bill.refunded']);

      const [, , , paymentRefunded, billRefunded] = await outboxOf(harness, bill.id);
      const common = { source: '/caregraph/billing', subject: bill.id, aggregatetype: 'Bill', carecircleid: circle, causationid: causationId, correlationid: correlationId };
      const data = { billId: bill.id, appointmentId: bill.appointmentId, paymentId, amountCents: 4500, currency: 'USD', reason: 'appointment cancelled' };
      expect(paymentRefunded.payload).toMatchObject({ ...common, type: 'payment.refunded', data: { ...data, status: 'REFUNDED', refundedAt: rows.payments[0].refunded_at.toISOString() } });
      expect(billRefunded.payload).toMatchObject({ ...common, type: 'bill.refunded', data: { ...data, status: 'REFUNDED', previousStatus: 'PAID' } });

      const read = await harness.gql(BILL.replace('payments {', 'refundReason payments { refundedAt'), { id: bill.id }, payer.token);
      expect(read.errors).toBeUndefined();
      expect(read.data!.bill).toMatchObject({
        status: 'REFUNDED',
        refundReason: 'appointment cancelled',
        payments: [{ id: paymentId, status: 'REFUNDED', refundedAt: rows.payments[0].refunded_at.toISOString() }],
      });
    });

    it('is idempotent: refunding twice, or racing, refunds once and records one event pair', async () => {
      const { bill, paymentId } = await paidBill();
      await refundBill(harness.em(), { billId: bill.id, reason: 'first' }, processor);
      const again = await refundBill(harness.em(), { billId: bill.id, reason: 'second' }, processor);
      expect(again).toMatchObject({ status: 'REFUNDED', refundReason: 'first' });
      expect(processor.requestsFor(paymentId)).toHaveLength(1);
      expect((await rowsOf(bill.id)).events).toEqual(['bill.created', 'payment.succeeded', 'bill.paid', 'payment.refunded', 'bill.refunded']);

      const raced = await paidBill();
      const results = await Promise.all(Array.from({ length: 5 }, () => refundBill(harness.em(), { billId: raced.bill.id, reason: 'race' }, processor)));
      expect(results.map((result) => result.status)).toEqual(Array(5).fill('REFUNDED'));
      expect(processor.requestsFor(raced.paymentId)).toHaveLength(1);
      expect((await rowsOf(raced.bill.id)).events.filter((type) => type.endsWith('.refunded'))).toEqual(['payment.refunded', 'bill.refunded']);
    });

    it('refunds once when a transaction rolled back after the processor call: the retry reuses the idempotency key', async () => {
      const { bill, paymentId } = await paidBill(3100);
      await harness.db.query(`create function billing.fail_refunded() returns trigger language plpgsql as $$
        begin if new.event_type = 'bill.refunded' then raise exception 'outbox unavailable'; end if; return new; end $$`);
      await harness.db.query('create trigger fail_refunded before insert on billing.outbox for each row execute function billing.fail_refunded()');
      try {
        await expect(refundBill(harness.em(), { billId: bill.id, reason: 'cancelled' }, processor)).rejects.toThrow(/outbox unavailable/);
        // The processor refunded; billing rolled back and still shows the payment as collected.
        expect(processor.requestsFor(paymentId)).toHaveLength(1);
        expect(await rowsOf(bill.id)).toMatchObject({ bill: { status: 'PAID', refund_reason: null }, payments: [{ status: 'SUCCEEDED', refunded_at: null }] });
      } finally {
        await harness.db.query('drop trigger fail_refunded on billing.outbox');
        await harness.db.query('drop function billing.fail_refunded()');
      }

      expect((await refundBill(harness.em(), { billId: bill.id, reason: 'cancelled' }, processor)).status).toBe('REFUNDED');
      const requests = processor.requestsFor(paymentId);
      expect(requests).toHaveLength(2);
      expect(new Set(requests.map((request) => request.idempotencyKey))).toEqual(new Set([`refund-${paymentId}`]));
      expect([...processor.refundsMade].filter((reference) => reference.endsWith(paymentId))).toEqual([`sandbox_re_refund-${paymentId}`]);
      const rows = await rowsOf(bill.id);
      expect(rows.payments).toEqual([{ status: 'REFUNDED', refunded_at: expect.any(Date), refund_reference: `sandbox_re_refund-${paymentId}` }]);
      expect(rows.events.filter((type) => type.endsWith('.refunded'))).toEqual(['payment.refunded', 'bill.refunded']);
    });

    it('throws a retryable RefundDeclinedError when the processor refuses, and changes nothing', async () => {
      const { bill } = await paidBill();
      await harness.db.query(`update billing.payment set processor_reference = 'ch_from_another_processor' where bill_id = $1`, [bill.id]);
      const error = await refundBill(harness.em(), { billId: bill.id, reason: 'cancelled' }, processor).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RefundDeclinedError);
      expect(error).toMatchObject({ billId: bill.id, reason: 'unknown_charge' });
      expect(error).not.toBeInstanceOf(PermanentError);
      expect(error).not.toBeInstanceOf(DomainError);
      expect(await rowsOf(bill.id)).toMatchObject({ bill: { status: 'PAID' }, payments: [{ status: 'SUCCEEDED' }], events: ['bill.created', 'payment.succeeded', 'bill.paid'] });
    });

    it('refuses a bill that is not PAID with ILLEGAL_STATE and asks the processor nothing', async () => {
      const pending = await harness.seedBill(circle);
      const voided = await harness.seedBill(circle);
      await voidBill(harness.em(), { billId: voided.id, reason: 'deadline' });
      const before = processor.refundRequests.length;
      for (const bill of [pending, voided]) {
        expect(await rejection(refundBill(harness.em(), { billId: bill.id, reason: 'x' }, processor))).toEqual({ code: 'ILLEGAL_STATE', field: undefined });
        expect((await outboxOf(harness, bill.id)).map((event) => event.type)).not.toContain('bill.refunded');
      }
      expect(processor.refundRequests.length).toBe(before);
      expect((await rowsOf(pending.id)).bill.status).toBe('PENDING');
      expect((await rowsOf(voided.id)).bill.status).toBe('VOID');
    });

    it('reports unknown bills and rejects a blank reason', async () => {
      expect(await rejection(refundBill(harness.em(), { billId: randomUUID(), reason: 'x' }, processor))).toMatchObject({ code: 'NOT_FOUND' });
      expect(await rejection(refundBill(harness.em(), { appointmentId: randomUUID(), reason: 'x' }, processor))).toMatchObject({ code: 'NOT_FOUND' });
      const { bill } = await paidBill();
      expect(await rejection(refundBill(harness.em(), { billId: bill.id, reason: '  ' }, processor))).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
    });

    it('leaves a REFUNDED bill final: it can be neither paid nor voided, nor collect a second payment', async () => {
      const { bill, payer } = await paidBill();
      await refundBill(harness.em(), { billId: bill.id, reason: 'cancelled' }, processor);
      const pay = await harness.gql(PAY_BILL, { input: { billId: bill.id, paymentMethod: 'pm_card_ok' } }, payer.token);
      expect(errorOf(pay).code).toBe('ILLEGAL_STATE');
      expect(await rejection(voidBill(harness.em(), { billId: bill.id, reason: 'x' }))).toEqual({ code: 'ILLEGAL_STATE', field: undefined });
      // The partial unique index counts the refunded payment as the bill's one collected payment.
      const insert = harness.db.query(
        `insert into billing.payment (id, bill_id, amount_cents, currency, status, payment_method, processor_reference) values ($1, $2, 1, 'USD', 'SUCCEEDED', 'pm_card_ok', 'x')`,
        [randomUUID(), bill.id],
      );
      await expect(insert).rejects.toThrow(/payment_one_collected_per_bill/);
    });
  });
});
