import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { signToken, TOKEN_AUDIENCE, TOKEN_ISSUER, verifyToken } from './jwt';
import { loadTokenKeys } from './loadTokenKeys';

const user = { id: '6f1c1c55-7a8e-4a51-9d8e-2b7a3f0f6f10', email: 'ann@example.test' };
const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

async function keyFiles() {
  const dir = await mkdtemp(path.join(tmpdir(), 'caregraph-keys-'));
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), alg: 'EdDSA', kid: 'k1' };
  const publicJwk = { ...(await exportJWK(publicKey)), alg: 'EdDSA', kid: 'k1', use: 'sig' };
  const files = { jwk: path.join(dir, 'private.jwk'), pem: path.join(dir, 'private.pem'), jwks: path.join(dir, 'jwks.json') };
  await writeFile(files.jwk, JSON.stringify(privateJwk));
  await writeFile(files.pem, await exportPKCS8(privateKey));
  await writeFile(files.jwks, JSON.stringify({ keys: [publicJwk] }));
  return files;
}

describe('tokens', () => {
  it('signs and verifies HS256 with the shared secret', async () => {
    await expect(verifyToken(await signToken(user, SECRET), SECRET)).resolves.toEqual(user);
  });

  it('signs EdDSA with a private key file and verifies with only the public JWKS', async () => {
    const files = await keyFiles();
    for (const privateKeyFile of [files.jwk, files.pem]) {
      const signer = await loadTokenKeys({ jwtSecret: SECRET, jwtPrivateKeyFile: privateKeyFile });
      const verifier = await loadTokenKeys({ jwtSecret: SECRET, jwksFile: files.jwks });
      const token = await signToken(user, signer.signingKey!);
      await expect(verifyToken(token, verifier)).resolves.toEqual(user);
    }
  });

  it('refuses an HS256 token when the verifier holds a JWKS (no algorithm confusion)', async () => {
    const files = await keyFiles();
    const verifier = await loadTokenKeys({ jwtSecret: SECRET, jwksFile: files.jwks });
    await expect(verifyToken(await signToken(user, SECRET), verifier)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it.each([
    ['alg none', () => new UnsecuredJWT({ email: user.email }).setSubject(user.id).setIssuer(TOKEN_ISSUER).setAudience(TOKEN_AUDIENCE).setExpirationTime('1h').encode()],
    ['a wrong key', () => signToken(user, 'another-secret-that-is-also-long-enough')],
    ['a wrong issuer', () => sign({ iss: 'someone-else' })],
    ['a wrong audience', () => sign({ aud: 'another-app' })],
    ['no expiry', () => sign({ exp: undefined })],
    ['an expired token', () => sign({ exp: Math.floor(Date.now() / 1000) - 60 })],
  ])('refuses %s as UNAUTHENTICATED', async (_label, make) => {
    await expect(verifyToken(await make(), SECRET)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

async function sign(claims: { iss?: string; aud?: string; exp?: number }) {
  const merged = { iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: Math.floor(Date.now() / 1000) + 3600, ...claims };
  const jwt = new SignJWT({ email: user.email }).setProtectedHeader({ alg: 'HS256' }).setSubject(user.id).setIssuer(merged.iss).setAudience(merged.aud);
  if (merged.exp !== undefined) jwt.setExpirationTime(merged.exp);
  return jwt.sign(new TextEncoder().encode(SECRET));
}
