import { randomUUID } from 'node:crypto';
import { GATEWAY_TOKEN_HEADER, signGatewayToken, type CircleScope } from '@caregraph/shared';
import { LOG_MEDICATION, RAISE_ALERT, seedMedication, startCareHarness, type CareHarness } from './__tests__/careHarness';

type Answer = { status: number; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } };

/** Every care entity the gateway resolves per subscription event, as `_entities` would ask for them. */
const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
  ... on MedicationLog { id status note }
  ... on Medication { id name dosage scheduleTimes }
  ... on CareRecipient { id name dateOfBirth }
  ... on EmergencyAlert { id message alertStatus: status }
} }`;

/**
 * A scoped gateway credential (docs/adr/0009) reads one circle as a member with one role, and
 * nothing else: never another circle, never a write, never next to a user's token.
 */
describe('care subgraph under a scoped gateway credential', () => {
  let harness: CareHarness;
  const circleA = randomUUID();
  const circleB = randomUUID();
  const seeded: Record<'a' | 'b', { owner: string; caregiver: string; representations: { __typename: string; id: string }[] }> = {} as never;

  beforeAll(async () => {
    harness = await startCareHarness('care-scope');
    for (const [key, circle] of [['a', circleA], ['b', circleB]] as const) {
      const owner = await harness.member(circle, 'OWNER');
      const caregiver = await harness.member(circle, 'CAREGIVER');
      const { careRecipientId, medicationId } = await seedMedication(harness, circle, owner.token, { supplyRemaining: 10, refillThreshold: 2 });
      const log = await harness.gql(LOG_MEDICATION, { input: { medicationId, status: 'GIVEN' } }, caregiver.token);
      const alert = await harness.gql(RAISE_ALERT, { input: { careRecipientId, message: 'Fell' } }, caregiver.token);
      if (log.errors || alert.errors) throw new Error(JSON.stringify([log.errors, alert.errors]));
      seeded[key] = {
        owner: owner.token,
        caregiver: caregiver.token,
        representations: [
          { __typename: 'MedicationLog', id: log.data!.logMedication.id },
          { __typename: 'Medication', id: medicationId },
          { __typename: 'CareRecipient', id: careRecipientId },
          { __typename: 'EmergencyAlert', id: alert.data!.raiseEmergencyAlert.id },
        ],
      };
    }
  });
  afterAll(() => harness.close());

  const send = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<Answer> => {
    const response = await fetch(harness.care.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  const scoped = async (scope: unknown, query: string, variables: Record<string, unknown> = {}, extra: Record<string, string> = {}) =>
    send(query, variables, { [GATEWAY_TOKEN_HEADER]: await signGatewayToken('care', undefined, 60, scope as CircleScope), ...extra });
  const asMember = async (token: string, query: string, variables: Record<string, unknown>) =>
    send(query, variables, { [GATEWAY_TOKEN_HEADER]: await signGatewayToken('care'), authorization: `Bearer ${token}` });

  it("reads its circle's entities exactly as a member with that role does", async () => {
    const variables = { representations: seeded.a.representations };
    const member = await asMember(seeded.a.caregiver, ENTITIES, variables);
    expect(member.body.errors).toBeUndefined();
    const scope = await scoped({ careCircleId: circleA, role: 'CAREGIVER' }, ENTITIES, variables);
    expect(scope.status).toBe(200);
    expect(scope.body).toEqual(member.body);
  });

  it("reads nothing of another circle: FORBIDDEN for each of its entities, as for a member of the first", async () => {
    for (const representation of seeded.b.representations) {
      const variables = { representations: [representation] };
      const outsider = await asMember(seeded.a.caregiver, ENTITIES, variables);
      const scope = await scoped({ careCircleId: circleA, role: 'OWNER' }, ENTITIES, variables);
      expect(outsider.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(scope.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(scope.body.data?._entities).toEqual([null]);
    }
  });

  it('is no user: what only a signed-in user may read is refused', async () => {
    const recipientId = seeded.a.representations[2].id;
    const scope = await scoped({ careCircleId: circleA, role: 'OWNER' }, 'query ($id: ID!) { careRecipient(id: $id) { name } }', { id: recipientId });
    expect(scope.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(scope.body.data?.careRecipient ?? null).toBeNull();
  });

  it('cannot write: a mutation is FORBIDDEN before any resolver runs, and nothing is stored', async () => {
    const before = await harness.db.query('select count(*)::int as n from care.emergency_alert where care_circle_id = $1', [circleA]);
    const careRecipientId = seeded.a.representations[2].id;
    const answer = await scoped({ careCircleId: circleA, role: 'OWNER' }, RAISE_ALERT, { input: { careRecipientId, message: 'Scoped' } });
    expect(answer.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(answer.body.data ?? null).toBeNull();
    const after = await harness.db.query('select count(*)::int as n from care.emergency_alert where care_circle_id = $1', [circleA]);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('is refused next to a user token, for another subgraph, expired, or naming a malformed scope', async () => {
    const scope: CircleScope = { careCircleId: circleA, role: 'VIEWER' };
    const variables = { representations: seeded.a.representations.slice(0, 1) };
    const refusals: Answer[] = [
      await scoped(scope, ENTITIES, variables, { authorization: `Bearer ${seeded.b.owner}` }),
      await send(ENTITIES, variables, { [GATEWAY_TOKEN_HEADER]: await signGatewayToken('identity', undefined, 60, scope) }),
      await send(ENTITIES, variables, { [GATEWAY_TOKEN_HEADER]: await signGatewayToken('care', undefined, -10, scope) }),
      await scoped({ careCircleId: circleA, role: 'ADMIN' }, ENTITIES, variables),
      await scoped({ careCircleId: 'not-a-uuid', role: 'OWNER' }, ENTITIES, variables),
      await scoped({ careCircleId: circleA, role: 'OWNER', userId: randomUUID() }, ENTITIES, variables),
      await scoped([circleA], ENTITIES, variables),
    ];
    for (const refusal of refusals) {
      expect(refusal.status).toBe(401);
      expect(refusal.body.data).toBeUndefined();
      expect(refusal.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});
