import { decodeJwt, jwtVerify } from 'jose';
import { createSubgraphTokens } from './createSubgraphTokens';

const SECRET = 'a-subgraph-secret-of-at-least-32-bytes!';

describe('createSubgraphTokens', () => {
  it('signs an HS256 token per subgraph with iss, aud, iat and exp = iat + 60 s', async () => {
    const tokens = createSubgraphTokens({ secret: SECRET });
    const token = (await tokens('identity'))!;
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(SECRET), { issuer: 'caregraph-gateway', audience: 'identity' });
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload.exp! - payload.iat!).toBe(60);
    expect(decodeJwt((await tokens('care'))!).aud).toBe('care');
  });

  it('reuses a token until less than half of its life remains, then signs a new one', async () => {
    let now = 1_000_000_000_000;
    const tokens = createSubgraphTokens({ secret: SECRET, issuer: 'other', ttlSeconds: 10 }, () => now);
    const first = await tokens('care');
    now += 4_000;
    expect(await tokens('care')).toBe(first);
    now += 1_500;
    const second = await tokens('care');
    expect(second).not.toBe(first);
    expect(decodeJwt(second!)).toMatchObject({ iss: 'other', iat: 1_000_000_005, exp: 1_000_000_015 });
  });

  it('sends nothing without a secret', async () => {
    expect(await createSubgraphTokens({})('identity')).toBeUndefined();
  });
});
