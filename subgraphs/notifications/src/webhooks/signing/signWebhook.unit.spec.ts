import { createHmac } from 'node:crypto';
import { signWebhook, webhookSignatureHeaders } from './signWebhook';
import { generateWebhookSecret, webhookSecretKey } from './webhookSecret';

describe('Standard Webhooks signing', () => {
  it("reproduces the specification's published test vector", () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('makes secrets of 32 random bytes after whsec_, each different', () => {
    const [one, two] = [generateWebhookSecret(), generateWebhookSecret()];
    expect(one).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhookSecretKey(one)).toHaveLength(32);
    expect(one).not.toBe(two);
  });

  it('signs id, timestamp and body with the decoded key, so a receiver holding the secret can check it', () => {
    const secret = generateWebhookSecret();
    const body = '{"id":"e-1","type":"medication.logged"}';
    const headers = webhookSignatureHeaders(secret, 'e-1', body, new Date('2026-03-01T10:00:00.900Z'));
    expect(headers['webhook-id']).toBe('e-1');
    expect(headers['webhook-timestamp']).toBe(String(Date.parse('2026-03-01T10:00:00Z') / 1000));
    const expected = createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`e-1.${headers['webhook-timestamp']}.${body}`).digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(signWebhook(secret, 'e-1', 1, `${body} `)).not.toBe(signWebhook(secret, 'e-1', 1, body));
  });

  it('refuses a secret without the prefix or too short to be one of ours', () => {
    expect(() => webhookSecretKey('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toThrow(/whsec_/);
    expect(() => webhookSecretKey('whsec_c2hvcnQ=')).toThrow(/24 bytes/);
  });
});
