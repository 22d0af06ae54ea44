import { randomUUID } from 'node:crypto';
import { GATEWAY_TOKEN_HEADER, signGatewayToken } from '@caregraph/shared';
import { ADD_RECIPIENT, startCareHarness, type CareHarness } from './__tests__/careHarness';

/** A subgraph answers only the gateway: every request needs the gateway's credential for this subgraph. */
describe('care subgraph behind the gateway credential', () => {
  let harness: CareHarness;
  const circle = randomUUID();
  let owner: { id: string; token: string };

  beforeAll(async () => {
    harness = await startCareHarness('care-sealing');
    owner = await harness.member(circle, 'OWNER');
  });
  afterAll(() => harness.close());

  const raw = async (query: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}) => {
    const response = await fetch(harness.care.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  };

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(harness.care.url).hostname).toBe('127.0.0.1');
  });

  it.each([
    ['_service { sdl }', '{ _service { sdl } }'],
    ['introspection', '{ __schema { types { name } } }'],
    ['_entities', '{ _entities(representations: [{ __typename: "CareRecipient", id: "00000000-0000-0000-0000-000000000000" }]) { __typename } }'],
    ['an ordinary query', '{ __typename }'],
  ])('refuses %s without the credential: 401 and no data', async (_label, query) => {
    for (const headers of [{}, { authorization: `Bearer ${owner.token}` }] as Record<string, string>[]) {
      const { status, body } = await raw(query, headers);
      expect(status).toBe(401);
      expect(body.data).toBeUndefined();
      expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a credential for another subgraph, signed with another secret, or expired', async () => {
    const wrongAudience = await signGatewayToken('identity');
    const wrongSecret = await signGatewayToken('care', 'another-secret-another-secret-another');
    const expired = await signGatewayToken('care', undefined, -10);
    for (const token of [wrongAudience, wrongSecret, expired, 'not-a-jwt']) {
      expect((await raw('{ _service { sdl } }', { [GATEWAY_TOKEN_HEADER]: token })).status).toBe(401);
    }
  });

  it('answers the gateway, including _service for composition tools that stand in for it', async () => {
    const { status, body } = await raw('{ _service { sdl } }', { [GATEWAY_TOKEN_HEADER]: await signGatewayToken('care') });
    expect(status).toBe(200);
    expect(JSON.stringify(body.data)).toContain('type CareRecipient');
  });

  it('refuses a NUL byte or a lone surrogate as BAD_USER_INPUT naming the field, and writes nothing', async () => {
    for (const name of ['Gran\u0000dma', 'Grandma \uD83D']) {
      const result = await harness.gql(ADD_RECIPIENT, { input: { careCircleId: circle, name } }, owner.token);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    }
    const literal = await harness.gql(`mutation { addCareRecipient(input: { careCircleId: "${circle}", name: "a\\u0000b" }) { id } }`, {}, owner.token);
    expect(literal.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const { rows } = await harness.db.query('select count(*)::int as n from care.care_recipient where care_circle_id = $1', [circle]);
    expect(rows[0].n).toBe(0);
  });

  it('answers an invalid DateTime variable with HTTP 400 and BAD_USER_INPUT naming the field', async () => {
    const recipient = await harness.gql(ADD_RECIPIENT, { input: { careCircleId: circle, name: 'Grandpa Joe' } }, owner.token);
    const careRecipientId = recipient.data!.addCareRecipient.id as string;
    const schedule = 'mutation ($input: ScheduleAppointmentInput!) { scheduleAppointment(input: $input) { id } }';
    for (const startsAt of ['not-a-date', '2030-02-30T09:00:00Z', '2030-01-01', '+275760-09-13T00:00:00Z']) {
      const { status, body } = await raw(
        schedule,
        { [GATEWAY_TOKEN_HEADER]: await signGatewayToken('care'), authorization: `Bearer ${owner.token}` },
        { input: { careRecipientId, title: 'GP', startsAt, feeCents: 0 } },
      );
      expect(status).toBe(400);
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'startsAt' });
    }
    const { rows } = await harness.db.query('select count(*)::int as n from care.appointment where care_recipient_id = $1', [careRecipientId]);
    expect(rows[0].n).toBe(0);
  });

  it('answers a token with a wrong issuer, audience or key with 401 UNAUTHENTICATED, not an internal error', async () => {
    const { SignJWT } = await import('jose');
    const forged = (iss: string, aud: string, secret: string) =>
      new SignJWT({ email: 'x@example.test' }).setProtectedHeader({ alg: 'HS256' }).setSubject(owner.id).setIssuer(iss).setAudience(aud).setExpirationTime('1h').sign(new TextEncoder().encode(secret));
    const harnessSecret = 'subgraph-harness-secret';
    for (const token of [await forged('evil', 'caregraph', harnessSecret), await forged('caregraph-identity', 'other', harnessSecret), await forged('caregraph-identity', 'caregraph', 'wrong-secret-wrong-secret-wrong-secret')]) {
      const { status, body } = await raw('{ __typename }', { [GATEWAY_TOKEN_HEADER]: await signGatewayToken('care'), authorization: `Bearer ${token}` });
      expect(status).toBe(401);
      expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});
