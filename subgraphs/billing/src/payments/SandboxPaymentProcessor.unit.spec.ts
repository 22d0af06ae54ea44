import { ValidationError } from '@caregraph/shared';
import { SandboxPaymentProcessor } from './SandboxPaymentProcessor';

describe('SandboxPaymentProcessor', () => {
  const request = (paymentMethod: string, idempotencyKey = 'key-1') => ({ amountCents: 4500, currency: 'USD', paymentMethod, idempotencyKey });

  it('accepts pm_card_ok with a reference', async () => {
    expect(await new SandboxPaymentProcessor().charge(request('pm_card_ok'))).toEqual({ ok: true, reference: 'sandbox_ch_key-1' });
  });

  it('declines pm_card_declined with reason card_declined', async () => {
    expect(await new SandboxPaymentProcessor().charge(request('pm_card_declined'))).toEqual({ ok: false, reason: 'card_declined' });
  });

  it.each(['pm_card_unknown', '', 'PM_CARD_OK'])('rejects the token %p as a validation error on paymentMethod', async (token) => {
    const error = await new SandboxPaymentProcessor().charge(request(token)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', details: { field: 'paymentMethod' } });
  });

  it('returns the first outcome again for a repeated idempotency key', async () => {
    const processor = new SandboxPaymentProcessor();
    const first = await processor.charge(request('pm_card_declined', 'same'));
    expect(await processor.charge(request('pm_card_ok', 'same'))).toEqual(first);
  });

  describe('refund', () => {
    const refund = (reference: string, idempotencyKey = 'refund-1') => ({ reference, amountCents: 4500, currency: 'USD', idempotencyKey });

    it('refunds a charge it issued, with a refund reference', async () => {
      const processor = new SandboxPaymentProcessor();
      const charged = await processor.charge(request('pm_card_ok', 'pay-1'));
      expect(charged.ok).toBe(true);
      const reference = charged.ok ? charged.reference : '';
      expect(await processor.refund(refund(reference))).toEqual({ ok: true, reference: 'sandbox_re_refund-1' });
    });

    it('refunds a sandbox charge another sandbox instance issued (the saga runs its own)', async () => {
      const charged = await new SandboxPaymentProcessor().charge(request('pm_card_ok', 'pay-2'));
      expect(await new SandboxPaymentProcessor().refund(refund(charged.ok ? charged.reference : ''))).toMatchObject({ ok: true });
    });

    it.each(['ch_from_another_processor', 'sandbox_ch_', '', 'sandbox_re_refund-1'])('refuses the reference %p with reason unknown_charge', async (reference) => {
      expect(await new SandboxPaymentProcessor().refund(refund(reference))).toEqual({ ok: false, reason: 'unknown_charge' });
    });

    it('returns the first outcome again for a repeated idempotency key', async () => {
      const processor = new SandboxPaymentProcessor();
      const first = await processor.refund(refund('sandbox_ch_pay-3', 'same'));
      expect(await processor.refund(refund('sandbox_ch_pay-3', 'same'))).toEqual(first);
      expect(await processor.refund(refund('unknown', 'same'))).toEqual(first);
    });

    it('decides a refused refund afresh when it is retried with the same key', async () => {
      const processor = new SandboxPaymentProcessor();
      expect(await processor.refund(refund('ch_elsewhere', 'retried'))).toEqual({ ok: false, reason: 'unknown_charge' });
      expect(await processor.refund(refund('sandbox_ch_pay-5', 'retried'))).toEqual({ ok: true, reference: 'sandbox_re_retried' });
    });

    it('keeps refund keys apart from charge keys', async () => {
      const processor = new SandboxPaymentProcessor();
      await processor.charge(request('pm_card_declined', 'shared-key'));
      expect(await processor.refund(refund('sandbox_ch_pay-4', 'shared-key'))).toEqual({ ok: true, reference: 'sandbox_re_shared-key' });
    });
  });
});
