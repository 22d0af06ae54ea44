import { randomUUID } from 'node:crypto';
import { BILL, errorOf, outboxOf, PAY_BILL, startBillingHarness, type BillingHarness, type TestUser } from '../__tests__/billingHarness';
import type { ChargeRequest, ChargeResult } from './PaymentProcessor';
import { SandboxPaymentProcessor } from './SandboxPaymentProcessor';

/** The sandbox, counting the charges it is asked for (and slow enough for calls to overlap). */
class CountingProcessor extends SandboxPaymentProcessor {
  charges: ChargeRequest[] = [];
  override async charge(request: ChargeRequest): Promise<ChargeResult> {
    this.charges.push(request);
    await new Promise((resolve) => setTimeout(resolve, 20));
    return super.charge(request);
  }
}

describe('payBill', () => {
  let harness: BillingHarness;
  const processor = new CountingProcessor();
  const circle = randomUUID();
  let caregiver: TestUser;
  let family: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    harness = await startBillingHarness('billingpay', { paymentProcessor: processor });
    caregiver = await harness.member(circle, 'CAREGIVER');
    family = await harness.member(circle, 'FAMILY');
    viewer = await harness.member(circle, 'VIEWER');
    outsider = await harness.outsider();
  });
  afterAll(() => harness?.close());

  /** As the caregiver by default; `null` pays anonymously. */
  const pay = (billId: string, paymentMethod: string, user: TestUser | null = caregiver) =>
    harness.gql(PAY_BILL, { input: { billId, paymentMethod } }, user?.token);

  /** Payment rows, bill status and outbox event types of one bill, bill.created excluded. */
  const state = async (billId: string) => {
    const payments = await harness.db.query('select status, failure_reason, payment_method from billing.payment where bill_id = $1 order by created_at', [billId]);
    const bill = await harness.db.query('select status from billing.bill where id = $1', [billId]);
    const events = (await outboxOf(harness, billId)).map((event) => event.type).filter((type) => type !== 'bill.created');
    return { status: bill.rows[0].status as string, payments: payments.rows, events };
  };

  it('charges pm_card_ok once, marks the bill PAID and records payment.succeeded and bill.paid', async () => {
    const bill = await harness.seedBill(circle, 4500);
    const result = await pay(bill.id, 'pm_card_ok');
    expect(result.errors).toBeUndefined();
    const payment = result.data!.payBill;
    expect(payment).toMatchObject({ status: 'SUCCEEDED', amountCents: 4500, failureReason: null, bill: { id: bill.id, status: 'PAID' } });
    expect(processor.charges.filter((charge) => charge.idempotencyKey === payment.id)).toEqual([
      { amountCents: 4500, currency: 'USD', paymentMethod: 'pm_card_ok', idempotencyKey: payment.id },
    ]);
    expect(await state(bill.id)).toEqual({
      status: 'PAID',
      payments: [{ status: 'SUCCEEDED', failure_reason: null, payment_method: 'pm_card_ok' }],
      events: ['payment.succeeded', 'bill.paid'],
    });
    const [, succeeded, paid] = await outboxOf(harness, bill.id);
    const common = { source: '/caregraph/billing', subject: bill.id, aggregatetype: 'Bill', carecircleid: circle, causedby: caregiver.id };
    expect(succeeded.payload).toMatchObject({
      ...common,
      type: 'payment.succeeded',
      data: { billId: bill.id, paymentId: payment.id, appointmentId: bill.appointmentId, amountCents: 4500, currency: 'USD', status: 'SUCCEEDED' },
    });
    expect(paid.payload).toMatchObject({ ...common, type: 'bill.paid', data: { billId: bill.id, paymentId: payment.id, appointmentId: bill.appointmentId, status: 'PAID' } });

    // The optimistic-lock version moved on with the one update.
    const { rows } = await harness.db.query('select version from billing.bill where id = $1', [bill.id]);
    expect(rows[0].version).toBe(bill.version + 1);

    const read = await harness.gql(BILL, { id: bill.id }, viewer.token);
    expect(read.data!.bill).toMatchObject({ status: 'PAID', payments: [{ id: payment.id, status: 'SUCCEEDED' }] });
  });

  it('records a decline as a FAILED payment and a FAILED bill that can be paid again', async () => {
    const bill = await harness.seedBill(circle, 900);
    const declined = await pay(bill.id, 'pm_card_declined', family);
    expect(declined.errors).toBeUndefined();
    expect(declined.data!.payBill).toMatchObject({ status: 'FAILED', failureReason: 'card_declined', bill: { status: 'FAILED' } });
    const [failed] = (await outboxOf(harness, bill.id)).filter((event) => event.type === 'payment.failed');
    expect(failed.payload).toMatchObject({
      carecircleid: circle,
      causedby: family.id,
      data: { billId: bill.id, paymentId: declined.data!.payBill.id, appointmentId: bill.appointmentId, amountCents: 900, reason: 'card_declined' },
    });

    const retried = await pay(bill.id, 'pm_card_ok', family);
    expect(retried.data!.payBill).toMatchObject({ status: 'SUCCEEDED', bill: { status: 'PAID' } });
    expect(await state(bill.id)).toEqual({
      status: 'PAID',
      payments: [
        { status: 'FAILED', failure_reason: 'card_declined', payment_method: 'pm_card_declined' },
        { status: 'SUCCEEDED', failure_reason: null, payment_method: 'pm_card_ok' },
      ],
      events: ['payment.failed', 'payment.succeeded', 'bill.paid'],
    });
  });

  it('rejects an unknown payment method as BAD_USER_INPUT and writes nothing', async () => {
    const bill = await harness.seedBill(circle);
    expect(errorOf(await pay(bill.id, 'pm_card_stolen'))).toEqual({ code: 'BAD_USER_INPUT', field: 'paymentMethod' });
    expect(errorOf(await pay(bill.id, '   '))).toEqual({ code: 'BAD_USER_INPUT', field: 'paymentMethod' });
    expect(errorOf(await pay('not-a-bill', 'pm_card_ok'))).toEqual({ code: 'BAD_USER_INPUT', field: 'billId' });
    expect(await state(bill.id)).toEqual({ status: 'PENDING', payments: [], events: [] });
  });

  it('lets only writers of the circle pay', async () => {
    const bill = await harness.seedBill(circle);
    expect(errorOf(await pay(bill.id, 'pm_card_ok', viewer)).code).toBe('FORBIDDEN');
    expect(errorOf(await pay(bill.id, 'pm_card_ok', outsider)).code).toBe('FORBIDDEN');
    expect(errorOf(await pay(bill.id, 'pm_card_ok', null)).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await pay(randomUUID(), 'pm_card_ok')).code).toBe('NOT_FOUND');
    expect(await state(bill.id)).toEqual({ status: 'PENDING', payments: [], events: [] });
  });

  it('refuses to pay a PAID bill with ILLEGAL_STATE', async () => {
    const bill = await harness.seedBill(circle);
    await pay(bill.id, 'pm_card_ok');
    const again = await pay(bill.id, 'pm_card_ok');
    expect(errorOf(again).code).toBe('ILLEGAL_STATE');
    expect((await state(bill.id)).payments).toHaveLength(1);
  });

  it('charges once when 10 payBill calls race on one bill', async () => {
    const bill = await harness.seedBill(circle, 7700);
    const before = processor.charges.length;
    const results = await Promise.all(Array.from({ length: 10 }, () => pay(bill.id, 'pm_card_ok')));
    const succeeded = results.filter((result) => result.data?.payBill?.status === 'SUCCEEDED');
    expect(succeeded).toHaveLength(1);
    expect(results.filter((result) => errorOf(result).code === 'ILLEGAL_STATE')).toHaveLength(9);
    expect(processor.charges.length - before).toBe(1);
    expect(await state(bill.id)).toEqual({
      status: 'PAID',
      payments: [{ status: 'SUCCEEDED', failure_reason: null, payment_method: 'pm_card_ok' }],
      events: ['payment.succeeded', 'bill.paid'],
    });
  });

  it('rolls back the payment and the bill change when the outbox insert fails', async () => {
    const bill = await harness.seedBill(circle);
    await harness.db.query(`create function billing.fail_paid() returns trigger language plpgsql as $$
      begin if new.event_type = 'bill.paid' then raise exception 'outbox unavailable'; end if; return new; end $$`);
    await harness.db.query('create trigger fail_paid before insert on billing.outbox for each row execute function billing.fail_paid()');
    try {
      expect(errorOf(await pay(bill.id, 'pm_card_ok')).code).toBe('INTERNAL_SERVER_ERROR');
      expect(await state(bill.id)).toEqual({ status: 'PENDING', payments: [], events: [] });
    } finally {
      await harness.db.query('drop trigger fail_paid on billing.outbox');
      await harness.db.query('drop function billing.fail_paid()');
    }
    expect((await pay(bill.id, 'pm_card_ok')).data!.payBill.status).toBe('SUCCEEDED');
  });
});
