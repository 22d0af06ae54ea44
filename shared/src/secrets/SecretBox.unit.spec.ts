import { SecretBox } from './SecretBox';

describe('SecretBox', () => {
  const box = new SecretBox('key material of thirty-two bytes!', 'partners');

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const sealed = box.seal('whsec_abc');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('whsec_abc');
    expect(box.open(sealed)).toBe('whsec_abc');
    expect(box.seal('whsec_abc')).not.toBe(sealed);
  });

  it('refuses a value sealed under other key material or for another purpose', () => {
    const sealed = box.seal('whsec_abc');
    expect(() => new SecretBox('other key material of 32 bytes!!', 'partners').open(sealed)).toThrow();
    expect(() => new SecretBox('key material of thirty-two bytes!', 'webhooks').open(sealed)).toThrow();
  });

  it('refuses a changed or malformed value', () => {
    const sealed = box.seal('whsec_abc');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => box.open(`v1:${bytes.toString('base64')}`)).toThrow();
    for (const value of ['', 'v1:', 'v2:AAAA', 'whsec_abc', 'v1:AAAA']) expect(() => box.open(value)).toThrow();
  });
});
