import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createTestDatabase, deleteAmqpNamespace, graphqlAt, infra, startCareGraph, testNamespace, type RunningCareGraph } from '@caregraph/testing';

/** Identity signs EdDSA with a private key; the gateway and the subgraphs hold only the public JWKS. */
describe('CareGraph on asymmetric keys (production)', () => {
  let caregraph: RunningCareGraph;
  let dropDatabase: () => Promise<void>;
  let namespace: string;
  const jwtSecret = randomBytes(32).toString('hex');

  beforeAll(async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'caregraph-jwks-'));
    const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
    await writeFile(path.join(dir, 'private.jwk'), JSON.stringify({ ...(await exportJWK(privateKey)), alg: 'EdDSA', kid: 'k1' }));
    await writeFile(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), alg: 'EdDSA', kid: 'k1', use: 'sig' }] }));
    const servers = await infra();
    const database = await createTestDatabase('sec-keys');
    dropDatabase = database.drop;
    namespace = testNamespace('sec-keys');
    caregraph = await startCareGraph({
      ...process.env,
      NODE_ENV: 'production',
      // Present but not trusted for verification once a JWKS is set: an HS256 token signed with it must fail.
      JWT_SECRET: jwtSecret,
      JWT_PRIVATE_KEY_FILE: path.join(dir, 'private.jwk'),
      JWT_JWKS_FILE: path.join(dir, 'jwks.json'),
      SUBGRAPH_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: database.url,
      RABBITMQ_URL: servers.rabbitmqUrl,
      REDIS_URL: servers.redisUrl,
      CAREGRAPH_NAMESPACE: namespace,
    });
  }, 120000);

  afterAll(async () => {
    await caregraph?.stop();
    await deleteAmqpNamespace((await infra()).rabbitmqUrl, namespace).catch(() => undefined);
    await dropDatabase?.();
  }, 60000);

  const { post: gql } = graphqlAt(() => caregraph.gatewayUrl);

  it('issues EdDSA tokens that the gateway and the subgraphs accept, and refuses HS256 ones', async () => {
    const signUp = await gql('mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }', {
      input: { email: `keys-${Date.now()}@example.com`, password: 'correct horse battery', displayName: 'Keys' },
    });
    const token = signUp.body.data!.signUp.token as string;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'EdDSA', kid: 'k1' });
    const me = await gql('{ me { id } careCircles: me { careCircles { id } } }', {}, token);
    expect(me.body.data?.me.id).toBe(signUp.body.data!.signUp.user.id);
    const circle = await gql('mutation ($input: CreateCareCircleInput!) { createCareCircle(input: $input) { id } }', { input: { name: 'Mum' } }, token);
    expect(circle.body.data?.createCareCircle.id).toBeDefined();

    const hs256 = await new SignJWT({ email: 'keys@example.com' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(signUp.body.data!.signUp.user.id)
      .setIssuer('caregraph-identity')
      .setAudience('caregraph')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(jwtSecret));
    const refused = await gql('{ me { id } }', {}, hs256);
    expect({ status: refused.status, code: refused.body.errors?.[0].extensions?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
});
