import { generateWebhookSecret, isFreshTimestamp, signWebhook, verifyWebhookSignature, webhookHeaders, webhookSecretBytes } from './index';

// The reference vector every Standard Webhooks library reproduces.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = '1614265330';
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('Standard Webhooks signatures', () => {
  it('reproduces the reference vector', () => {
    expect(signWebhook(SECRET, ID, TIMESTAMP, BODY)).toBe(SIGNATURE);
    expect(signWebhook(SECRET, ID, Number(TIMESTAMP), Buffer.from(BODY))).toBe(SIGNATURE);
  });

  it('verifies the reference vector, alone or among other signatures and versions', () => {
    expect(verifyWebhookSignature(SECRET, { id: ID, timestamp: TIMESTAMP, signature: SIGNATURE }, BODY)).toBe(true);
    const several = `v1,bm9wZQ== v1a,${SIGNATURE.slice(3)}  ${SIGNATURE}`;
    expect(verifyWebhookSignature(SECRET, { id: ID, timestamp: TIMESTAMP, signature: several }, Buffer.from(BODY))).toBe(true);
  });

  it('refuses a changed body, id, timestamp, secret or version', () => {
    const message = { id: ID, timestamp: TIMESTAMP, signature: SIGNATURE };
    expect(verifyWebhookSignature(SECRET, message, '{"test": 2432232315}')).toBe(false);
    expect(verifyWebhookSignature(SECRET, { ...message, id: `${ID}x` }, BODY)).toBe(false);
    expect(verifyWebhookSignature(SECRET, { ...message, timestamp: '1614265331' }, BODY)).toBe(false);
    expect(verifyWebhookSignature(generateWebhookSecret(), message, BODY)).toBe(false);
    expect(verifyWebhookSignature(SECRET, { ...message, signature: SIGNATURE.replace('v1,', 'v2,') }, BODY)).toBe(false);
  });

  it('refuses garbage signature headers without throwing', () => {
    for (const signature of ['', ' ', 'v1', 'v1,', ',', 'v1,!!!!', 'garbage', 'v1,AAAA', `${'v1,bm9wZQ== '.repeat(8)}${SIGNATURE}`]) {
      expect(verifyWebhookSignature(SECRET, { id: ID, timestamp: TIMESTAMP, signature }, BODY)).toBe(false);
    }
  });

  it('makes secrets of 32 random bytes in the whsec_ format, and reads them back', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhookSecretBytes(secret)).toHaveLength(32);
    expect(secret).not.toBe(generateWebhookSecret());
    expect(webhookSecretBytes(SECRET.slice('whsec_'.length))).toEqual(webhookSecretBytes(SECRET));
    expect(() => webhookSecretBytes('whsec_not base64!')).toThrow(/whsec_/);
  });

  it('signs a body with headers that verify', () => {
    const secret = generateWebhookSecret();
    const headers = webhookHeaders(secret, BODY, { id: 'evt_1', now: new Date(1614265330_000) });
    expect(headers).toEqual({ 'webhook-id': 'evt_1', 'webhook-timestamp': TIMESTAMP, 'webhook-signature': signWebhook(secret, 'evt_1', TIMESTAMP, BODY) });
    expect(verifyWebhookSignature(secret, { id: 'evt_1', timestamp: TIMESTAMP, signature: headers['webhook-signature'] }, BODY)).toBe(true);
  });
});

describe('isFreshTimestamp', () => {
  const now = new Date(Number(TIMESTAMP) * 1000);

  it('accepts up to 5 minutes either way and refuses beyond', () => {
    expect(isFreshTimestamp(TIMESTAMP, now)).toBe(true);
    expect(isFreshTimestamp(String(Number(TIMESTAMP) - 300), now)).toBe(true);
    expect(isFreshTimestamp(String(Number(TIMESTAMP) + 300), now)).toBe(true);
    expect(isFreshTimestamp(String(Number(TIMESTAMP) - 301), now)).toBe(false);
    expect(isFreshTimestamp(String(Number(TIMESTAMP) + 301), now)).toBe(false);
  });

  it('refuses what is not whole seconds', () => {
    for (const timestamp of ['', '-1', '1614265330.5', '1e9', ' 1614265330', '0x60376f72', '9'.repeat(40)]) expect(isFreshTimestamp(timestamp, now)).toBe(false);
  });
});
