import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encrypts small secrets at rest (a secret CareGraph must use again, such as an HMAC key, so it
 * cannot be hashed): AES-256-GCM under a key derived with HKDF-SHA256 from `keyMaterial` and a
 * `purpose` label, so one setting can serve several purposes without sharing a key. A sealed
 * value is `v1:` + base64(iv ‖ tag ‖ ciphertext); opening a value sealed under another key or
 * changed in any bit throws.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(keyMaterial: string, purpose: string) {
    if (!keyMaterial) throw new Error('SecretBox needs key material.');
    this.key = Buffer.from(hkdfSync('sha256', keyMaterial, 'caregraph', `secret-box:${purpose}`, 32));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64')}`;
  }

  open(sealed: string): string {
    const [version, encoded] = sealed.split(':', 2);
    if (version !== VERSION || !encoded) throw new Error('Not a sealed secret.');
    const bytes = Buffer.from(encoded, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('Not a sealed secret.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}
