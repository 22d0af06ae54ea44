import { GATEWAY_TOKEN_HEADER } from '@caregraph/shared';
import { UnsecuredJWT } from 'jose';
import { startAttackHarness, type AttackHarness, type Member } from './support/attackHarness';

const LIMIT_CODES = ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_USER_INPUT'];
const CIRCLE_SNAPSHOT = `query ($id: ID!) { careCircle(id: $id) { name members { role user { id } } careRecipients { id name medications { id name supplyRemaining } appointments(first: 50) { edges { node { id startsAt } } } } } }`;

/** What an attacker can send over HTTP, against CareGraph in production mode (issue 8). */
describe('attacks over HTTP on a production CareGraph', () => {
  let h: AttackHarness;
  let alice: Member;
  let bob: Member;
  let circleId: string;
  let recipientId: string;
  let snapshot: unknown;

  beforeAll(async () => {
    h = await startAttackHarness('sec-http');
    alice = await h.signUp('alice');
    bob = await h.signUp('bob');
    // Alice owns two circles with Bob in both: every level of the branching query doubles.
    for (const name of ['Mum', 'Dad']) {
      const { createCareCircle } = await h.ok('mutation ($input: CreateCareCircleInput!) { createCareCircle(input: $input) { id } }', { input: { name } }, alice.token);
      await h.join(createCareCircle.id, alice, bob, 'CAREGIVER');
      circleId ??= createCareCircle.id;
    }
    const { addCareRecipient } = await h.ok('mutation ($input: AddCareRecipientInput!) { addCareRecipient(input: $input) { id } }', { input: { careCircleId: circleId, name: 'Mum' } }, alice.token);
    recipientId = addCareRecipient.id;
    await h.ok('mutation ($input: AddMedicationInput!) { addMedication(input: $input) { id } }', {
      input: { careRecipientId: recipientId, name: 'Metformin', dosage: '500 mg', scheduleTimes: ['08:00'], supplyRemaining: 30, refillThreshold: 5 },
    }, alice.token);
    snapshot = await h.ok(CIRCLE_SNAPSHOT, { id: circleId }, alice.token);
  }, 180000);
  afterAll(() => h?.close(), 60000);

  // After every attack: a small query is answered, no process died, and the attacked data is as it was.
  afterEach(async () => {
    expect((await h.ok('{ me { id } }', {}, alice.token)).me.id).toBe(alice.id);
    await h.assertAllProcessesUp();
    expect(await h.ok(CIRCLE_SNAPSHOT, { id: circleId }, alice.token)).toEqual(snapshot);
  });

  it('refuses the branching query (18 levels of careCircles → members → user) before executing it', async () => {
    let selection = 'id';
    for (let i = 0; i < 18; i++) selection = `careCircles { id members { role user { id ${selection} } } }`;
    const result = await h.gql(`query Branching { me { ${selection} } }`, {}, alice.token);
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(LIMIT_CODES).toContain(result.errors?.[0].extensions?.code);
  });

  it('refuses 5,000 aliases of a list-heavy field', async () => {
    const fields = Array.from({ length: 5000 }, (_, i) => `a${i}: me { careCircles { careRecipients { medications { name } } } }`);
    const started = Date.now();
    const result = await h.gql(`query Aliases { ${fields.join(' ')} }`, {}, alice.token);
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(LIMIT_CODES).toContain(result.errors?.[0].extensions?.code);
    expect(Date.now() - started).toBeLessThan(30000); // a refusal, not 34 s of upstream work
  });

  it('refuses unsigned, foreign, wrongly issued and expired tokens with HTTP 401 UNAUTHENTICATED', async () => {
    const none = new UnsecuredJWT({ email: alice.email }).setSubject(alice.id).setIssuer('caregraph-identity').setAudience('caregraph').setExpirationTime('1h').encode();
    const { SignJWT } = await import('jose');
    const signed = (secret: string, iss: string, aud: string, exp: number) =>
      new SignJWT({ email: alice.email }).setProtectedHeader({ alg: 'HS256' }).setSubject(alice.id).setIssuer(iss).setAudience(aud).setExpirationTime(exp).sign(new TextEncoder().encode(secret));
    const hour = Math.floor(Date.now() / 1000) + 3600;
    const tokens = {
      'alg none': none,
      'a wrong key': await signed('x'.repeat(64), 'caregraph-identity', 'caregraph', hour),
      'a wrong issuer': await signed(h.jwtSecret, 'someone-else', 'caregraph', hour),
      'a wrong audience': await signed(h.jwtSecret, 'caregraph-identity', 'another-app', hour),
      'an expired token': await h.tokenFor(alice, -60),
    };
    for (const [label, token] of Object.entries(tokens)) {
      const result = await h.gql('{ me { id email } }', {}, token);
      expect({ label, status: result.status, code: result.errors?.[0].extensions?.code, data: result.data ?? null }).toEqual({ label, status: 401, code: 'UNAUTHENTICATED', data: null });
    }
  });

  it('answers invalid dates, NUL bytes and lone surrogates with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const schedule = 'mutation ($input: ScheduleAppointmentInput!) { scheduleAppointment(input: $input) { id } }';
    for (const startsAt of ['not-a-date', '2030-02-30T09:00:00Z', '2030-01-01', '+275760-09-13T00:00:00Z']) {
      const result = await h.gql(schedule, { input: { careRecipientId: recipientId, title: 'GP', startsAt, feeCents: 0 } }, alice.token);
      expect({ startsAt, code: result.errors?.[0].extensions?.code, field: result.errors?.[0].extensions?.field }).toEqual({ startsAt, code: 'BAD_USER_INPUT', field: 'startsAt' });
    }
    for (const name of ['Gran\u0000dma', 'Grandma \uD800']) {
      const result = await h.gql('mutation ($input: AddCareRecipientInput!) { addCareRecipient(input: $input) { id } }', { input: { careCircleId: circleId, name } }, alice.token);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    }
    const profile = await h.gql('mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id } }', { input: { displayName: 'Al\u0000ice' } }, alice.token);
    expect(profile.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'displayName' });
    const email = await h.gql('mutation ($input: LogInInput!) { logIn(input: $input) { token } }', { input: { email: `\uDC00${alice.email}`, password: 'x' } });
    expect(email.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    expect((await h.ok('{ me { displayName } }', {}, alice.token)).me.displayName).toBe('alice');
  });

  it('shows clients no internal URL, stack trace or upstream body', async () => {
    const results = [
      await h.gql('{ careRecipient(id: "not-an-id") { id } }', {}, alice.token),
      await h.gql('{ careRecipient(id: "00000000-0000-0000-0000-000000000000") { id } }', {}, bob.token),
    ];
    for (const result of results) {
      expect(result.text).not.toMatch(/127\.0\.0\.1|localhost|http:\/\/|\bat .*\.js:\d+|stacktrace/i);
      expect(result.errors?.[0].extensions?.code).toBeDefined();
    }
  });

  it('keeps production quiet: no introspection, no field suggestions, no Sandbox, hardened headers', async () => {
    const introspection = await h.gql('{ __schema { types { name } } }', {}, alice.token);
    expect(introspection.data).toBeUndefined();
    expect(introspection.errors?.[0].message).toMatch(/introspection/i);
    const typo = await h.gql('{ me { displayNam } }', {}, alice.token);
    expect(typo.errors?.[0].message).not.toMatch(/Did you mean/);
    const page = await fetch(h.caregraph.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/sandbox|embeddable-sandbox|apollographql\.com/i);
    const { headers } = await h.gql('{ me { id } }', {}, alice.token);
    expect(headers.get('x-powered-by')).toBeNull();
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBeTruthy();
    expect(headers.get('x-frame-options') ?? headers.get('content-security-policy')).toBeTruthy();
    const cors = await fetch(h.caregraph.gatewayUrl, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(cors.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(h.caregraph.gatewayUrl.replace('/graphql', '/metrics'))).status).toBe(404);
  });

  it('gives direct subgraph requests without the gateway credential 401 and no data, for _entities and introspection too', async () => {
    const identity = `http://127.0.0.1:${h.caregraph.ports.subgraphs.identity}/graphql`;
    const queries = [
      `{ _entities(representations: [{ __typename: "User", id: "${alice.id}" }]) { ... on User { displayName createdAt } } }`,
      '{ __schema { types { name } } }',
      '{ _service { sdl } }',
    ];
    for (const query of queries) {
      for (const headers of [{}, { authorization: `Bearer ${alice.token}` }, { [GATEWAY_TOKEN_HEADER]: 'forged' }] as Record<string, string>[]) {
        const response = await fetch(identity, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
        const body = (await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
        expect({ status: response.status, data: body.data, code: body.errors?.[0].extensions?.code }).toEqual({ status: 401, data: undefined, code: 'UNAUTHENTICATED' });
      }
    }
  });
});
