import { randomBytes } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import {
  createTestDatabase,
  deleteAmqpNamespace,
  eventually,
  infra,
  startCareGraph,
  startSmtpSink,
  testNamespace,
  type RunningCareGraph,
  type SmtpSink,
} from '@caregraph/testing';

/** Response data is untyped JSON; tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

export interface GqlResult {
  status: number;
  headers: Headers;
  data?: Loose | null;
  errors?: { message: string; extensions?: Loose }[];
  text: string;
}

export interface Member {
  id: string;
  email: string;
  token: string;
}

/** One CareGraph in production services mode (random secrets), as an attacker meets it. */
export interface AttackHarness {
  caregraph: RunningCareGraph;
  jwtSecret: string;
  mail: SmtpSink;
  gql(query: string, variables?: Loose, token?: string, headers?: Record<string, string>): Promise<GqlResult>;
  /** Like gql, but throws on any error; returns data. */
  ok(query: string, variables?: Loose, token?: string): Promise<Loose>;
  signUp(name: string): Promise<Member>;
  /** OWNER invites, the invitee accepts: a member with `role`. */
  join(careCircleId: string, owner: Member, member: Member, role: string): Promise<void>;
  /** A token for `member` signed with the deployment's secret, valid `seconds` (negative: expired). */
  tokenFor(member: Member, seconds: number): Promise<string>;
  ws(token?: string): Client;
  /** The launcher's view of its children: every one running, none restarted. */
  assertAllProcessesUp(): Promise<void>;
  close(): Promise<void>;
}

export async function startAttackHarness(label: string): Promise<AttackHarness> {
  const servers = await infra();
  const database = await createTestDatabase(label);
  const namespace = testNamespace(label);
  const mail = await startSmtpSink();
  const jwtSecret = randomBytes(32).toString('hex');
  const caregraph = await startCareGraph({
    ...process.env,
    NODE_ENV: 'production',
    JWT_SECRET: jwtSecret,
    SUBGRAPH_SECRET: randomBytes(32).toString('hex'),
    DATABASE_URL: database.url,
    RABBITMQ_URL: servers.rabbitmqUrl,
    REDIS_URL: servers.redisUrl,
    CAREGRAPH_NAMESPACE: namespace,
    SMTP_URL: mail.url,
  }, undefined, true);
  const clients: Client[] = [];

  const gql: AttackHarness['gql'] = async (query, variables = {}, token, headers = {}) => {
    const response = await fetch(caregraph.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: Loose = {};
    try {
      body = JSON.parse(text) as Loose;
    } catch {
      // not JSON: the assertions look at status and text
    }
    return { status: response.status, headers: response.headers, data: body.data, errors: body.errors, text };
  };
  const ok: AttackHarness['ok'] = async (query, variables, token) => {
    const result = await gql(query, variables, token);
    if (result.errors?.length || !result.data) throw new Error(`${query}\n→ ${result.status} ${result.text}`);
    return result.data;
  };

  return {
    caregraph,
    jwtSecret,
    mail,
    gql,
    ok,
    async signUp(name) {
      const email = `${name}-${randomBytes(4).toString('hex')}@example.com`;
      const { signUp } = await ok('mutation ($input: SignUpInput!) { signUp(input: $input) { token user { id } } }', {
        input: { email, password: 'correct horse battery', displayName: name },
      });
      return { id: signUp.user.id, email, token: signUp.token };
    },
    async join(careCircleId, owner, member, role) {
      const { inviteMember } = await ok('mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { id } }', { input: { careCircleId, email: member.email, role } }, owner.token);
      await ok('mutation ($id: ID!) { acceptInvitation(id: $id) { role } }', { id: inviteMember.id }, member.token);
    },
    tokenFor(member, seconds) {
      return new SignJWT({ email: member.email })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(member.id)
        .setIssuer('caregraph-identity')
        .setAudience('caregraph')
        .setIssuedAt()
        .setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
        .sign(new TextEncoder().encode(jwtSecret));
    },
    ws(token) {
      const client = createClient({
        url: caregraph.gatewayUrl.replace('http', 'ws'),
        webSocketImpl: WebSocket,
        connectionParams: token ? { authorization: `Bearer ${token}` } : {},
        retryAttempts: 0,
        lazy: true,
      });
      clients.push(client);
      return client;
    },
    async assertAllProcessesUp() {
      const health = (await (await fetch(`http://127.0.0.1:${caregraph.ports.launcher}/health`)).json()) as { children: { name: string; state: string; restarts: number }[] };
      expect(health.children.map(({ name, state, restarts }) => ({ name, state, restarts }))).toEqual(
        health.children.map(({ name }) => ({ name, state: 'running', restarts: 0 })),
      );
    },
    async close() {
      await Promise.all(clients.map((client) => client.dispose()));
      await caregraph.stop();
      await mail.stop();
      await deleteAmqpNamespace(servers.rabbitmqUrl, namespace).catch(() => undefined);
      await database.drop();
    },
  };
}

/** Collects what one subscription delivers, and how it ended. */
export function collect(client: Client, query: string, variables: Loose) {
  const seen = { data: [] as Loose[], errors: [] as { message: string; extensions?: Loose }[], closed: undefined as unknown, completed: false };
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (message) => {
        if (message.errors) seen.errors.push(...(message.errors as never[]));
        else if (message.data) seen.data.push(message.data as Loose);
      },
      error: (error) => {
        if (Array.isArray(error)) seen.errors.push(...error);
        else seen.closed = error;
      },
      complete: () => {
        seen.completed = true;
      },
    },
  );
  return { seen, unsubscribe };
}

/** The close code of a socket's CloseEvent (graphql-ws hands it to `error`). */
export function closeCode(closed: unknown): number | undefined {
  return (closed as { code?: number } | undefined)?.code;
}

export { eventually };
