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
});
