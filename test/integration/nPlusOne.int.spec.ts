import fs from 'node:fs';
import path from 'node:path';
import { DEV_SUBGRAPH_SECRET, statementCounter } from '@caregraph/shared';
import { startIdentity } from '@caregraph/identity';
import { startCare } from '@caregraph/care';
import { startGateway } from '@caregraph/gateway';
import { createTestDatabase, graphqlAt } from '@caregraph/testing';

/**
 * No N+1: one gateway query over many care recipients, with their medications, recent logs and
 * each log's `loggedBy` (resolved by identity), costs a bounded number of SQL statements per
 * subgraph, counted from the driver, whatever the number of recipients.
 */
const JWT_SECRET = 'n-plus-one-secret-n-plus-one-secret';
const root = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

describe('SQL statements per gateway query', () => {
  const stops: (() => Promise<void>)[] = [];
  let gatewayUrl: string;
  let token: string;
  const circleIds: Record<'small' | 'large', string> = { small: '', large: '' };

  const gateway = graphqlAt(() => gatewayUrl);
  const gql = (query: string, variables: Record<string, unknown> = {}, auth = token) => gateway.gql(query, variables, auth);

  beforeAll(async () => {
    const database = await createTestDatabase('nplus1');
    stops.push(database.drop);
    // Counting in memory: every sign-up here comes from one address.
    const identity = await startIdentity({ databaseUrl: database.url, port: 0, jwtSecret: JWT_SECRET, settings: { redisUrl: undefined, signUpMaxPerIp: 100 } });
    stops.unshift(identity.stop);
    const care = await startCare({ databaseUrl: database.url, port: 0, jwtSecret: JWT_SECRET });
    stops.unshift(care.stop);
    const gateway = await startGateway({
      supergraphSdl: fs.readFileSync(path.join(root, 'supergraph.graphql'), 'utf8'),
      port: 0,
      subgraphUrls: { identity: identity.url, care: care.url },
      auth: { jwtSecret: JWT_SECRET },
      subgraphCredential: { secret: DEV_SUBGRAPH_SECRET },
      logLevel: 'warn',
    });
    stops.unshift(gateway.stop);
    gatewayUrl = gateway.url;

    const { signUp } = await gql(
      'mutation($i: SignUpInput!) { signUp(input: $i) { token user { id email } } }',
      { i: { email: 'owner@example.com', password: 'correct horse battery', displayName: 'Owner' } },
      '',
    );
    token = signUp.token;
    const helpers = [];
    for (let i = 0; i < 3; i++) {
      const { signUp: helper } = await gql('mutation($i: SignUpInput!) { signUp(input: $i) { token user { email } } }', {
        i: { email: `helper${i}@example.com`, password: 'correct horse battery', displayName: `Helper ${i}` },
      }, '');
      helpers.push(helper);
    }
    // Two circles with the same helpers: 5 recipients and 50, each with 2 medications logged twice.
    for (const [size, count] of [['small', 5], ['large', 50]] as const) {
      const { createCareCircle } = await gql('mutation($i: CreateCareCircleInput!) { createCareCircle(input: $i) { id } }', { i: { name: `Family of ${count}` } });
      circleIds[size] = createCareCircle.id;
      for (const helper of helpers) {
        const { inviteMember } = await gql('mutation($i: InviteMemberInput!) { inviteMember(input: $i) { id } }', {
          i: { careCircleId: createCareCircle.id, email: helper.user.email, role: 'CAREGIVER' },
        });
        await gql('mutation($id: ID!) { acceptInvitation(id: $id) { role } }', { id: inviteMember.id }, helper.token);
      }
      for (let r = 0; r < count; r++) {
        const { addCareRecipient } = await gql('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', {
          i: { careCircleId: createCareCircle.id, name: `Recipient ${r}` },
        });
        for (let m = 0; m < 2; m++) {
          const { addMedication } = await gql('mutation($i: AddMedicationInput!) { addMedication(input: $i) { id } }', {
            i: { careRecipientId: addCareRecipient.id, name: `Med ${m}`, dosage: '1 tablet', scheduleTimes: ['08:00'], supplyRemaining: 100, refillThreshold: 1 },
          });
          for (let l = 0; l < 2; l++) {
            await gql('mutation($i: LogMedicationInput!) { logMedication(input: $i) { id } }', { i: { medicationId: addMedication.id, status: 'GIVEN' } }, helpers[(r + m + l) % 3].token);
          }
        }
      }
    }
  }, 240000);

  afterAll(async () => {
    for (const stop of stops) await stop();
  });

  /** The circle's recipients with medications, recent logs and loggedBy; the statements it cost per schema. */
  async function statementsFor(size: 'small' | 'large') {
    statementCounter.reset();
    const { careCircle } = await gql(
      `query($id: ID!) { careCircle(id: $id) { name careRecipients { id name medications { id name logs(first: 5) {
        edges { node { id status loggedBy { id displayName } } } } } } } }`,
      { id: circleIds[size] },
    );
    return { recipients: careCircle.careRecipients as Loose[], counts: statementCounter.snapshot() };
  }

  it('answers 50 recipients with medications, logs and loggedBy in a bounded number of statements per subgraph', async () => {
    const { recipients, counts } = await statementsFor('large');
    expect(recipients).toHaveLength(50);
    const names = new Set<string>();
    for (const recipient of recipients) {
      expect(recipient.medications).toHaveLength(2);
      for (const medication of recipient.medications) {
        expect(medication.logs.edges).toHaveLength(2);
        for (const edge of medication.logs.edges) names.add(edge.node.loggedBy.displayName);
      }
    }
    expect(names).toEqual(new Set(['Helper 0', 'Helper 1', 'Helper 2']));
    // care: membership check, recipients, medications, logs (each batched once);
    // identity: the circle, its membership check, the users.
    expect(counts.care).toBeLessThanOrEqual(5);
    expect(counts.identity).toBeLessThanOrEqual(4);
  });

  it('costs the same number of statements for 5 recipients as for 50', async () => {
    const small = await statementsFor('small');
    const large = await statementsFor('large');
    expect(small.recipients).toHaveLength(5);
    expect(large.counts).toEqual(small.counts);
  });
});
