import { gatewayHeaders } from '@caregraph/shared';
import { createTestDatabase, testNamespace } from '@caregraph/testing';
import pino from 'pino';
import { Client } from 'pg';
import { startIdentity, type IdentitySettings, type RunningIdentity } from '../index';

// Test responses are read loosely; the assertions pin their shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

export const JWT_SECRET = 'identity-test-secret';

export interface GraphQLResult<T = Loose> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string } & Record<string, unknown> }[];
}

/** A running identity subgraph on its own fresh database, plus a pg client to inspect it. */
export interface IdentityHarness {
  identity: RunningIdentity;
  databaseUrl: string;
  db: Client;
  /** `ip` is sent as X-Forwarded-For (the client address the gateway forwards). */
  request<T = Loose>(query: string, variables?: Record<string, unknown>, token?: string, ip?: string): Promise<GraphQLResult<T>>;
  /** Signs up a fresh user (from an address of its own); returns their id, email and token. */
  signUp(displayName?: string): Promise<{ id: string; email: string; token: string }>;
  /** Creates a circle owned by `owner`; returns its id. */
  createCircle(ownerToken: string, name?: string): Promise<string>;
  /** `owner` invites `member`, who accepts: the only way into a circle. */
  join(careCircleId: string, ownerToken: string, member: { email: string; token: string }, role: string): Promise<void>;
  close(): Promise<void>;
}

const INVITE = 'mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id } }';
const ACCEPT = 'mutation($id: ID!) { acceptInvitation(id: $id) { role } }';

let counter = 0;

/**
 * Limits high enough for suites that sign many users up from one address, in memory and under
 * a namespace of their own; a suite about the limits passes its own `settings`.
 */
export const ROOMY_LIMITS: Partial<IdentitySettings> = { loginMaxFailuresPerAccount: 1000, loginMaxFailuresPerIp: 1000, signUpMaxPerIp: 1000, redisUrl: undefined };

export async function startIdentityHarness(label: string, settings: Partial<IdentitySettings> = {}): Promise<IdentityHarness> {
  const database = await createTestDatabase(label);
  const identity = await startIdentity({
    databaseUrl: database.url,
    port: 0,
    jwtSecret: JWT_SECRET,
    logger: pino({ level: 'silent' }),
    settings: { ...ROOMY_LIMITS, namespace: testNamespace(label), ...settings },
  });
  const db = new Client({ connectionString: database.url });
  await db.connect();

  const request: IdentityHarness['request'] = async (query, variables, token, ip) => {
    const response = await fetch(identity.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(await gatewayHeaders('identity')),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(ip ? { 'x-forwarded-for': ip } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLResult<Loose>;
  };

  return {
    identity,
    databaseUrl: database.url,
    db,
    request,
    async signUp(displayName = 'Someone') {
      const email = `user${++counter}-${Date.now()}@example.org`;
      const result = await request<{ signUp: { token: string; user: { id: string } } }>(
        'mutation($input: SignUpInput!) { signUp(input: $input) { token user { id } } }',
        { input: { email, password: 'correct horse battery', displayName } },
        undefined,
        // Each from an address of its own, so helper sign-ups never count against a suite's limits.
        `10.99.${(counter >> 8) & 255}.${counter & 255}`,
      );
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      return { id: result.data.signUp.user.id, email, token: result.data.signUp.token };
    },
    async createCircle(ownerToken, name = 'Grandma') {
      const result = await request('mutation($name: String!) { createCareCircle(input: { name: $name }) { id } }', { name }, ownerToken);
      if (!result.data) throw new Error(JSON.stringify(result.errors));
      return result.data.createCareCircle.id;
    },
    async join(careCircleId, ownerToken, member, role) {
      const invited = await request(INVITE, { input: { careCircleId, email: member.email, role } }, ownerToken);
      if (!invited.data) throw new Error(JSON.stringify(invited.errors));
      const accepted = await request(ACCEPT, { id: invited.data.inviteMember.id }, member.token);
      if (!accepted.data) throw new Error(JSON.stringify(accepted.errors));
    },
    async close() {
      await db.end();
      await identity.stop();
      await database.drop();
    },
  };
}
