import { randomUUID } from 'node:crypto';
import { errorOf, startSubgraphHarness, type SubgraphHarness } from '@caregraph/testing';
import { startNotifications, type RunningNotifications, type StartNotificationsOptions } from '../../index';

const REGISTER = `mutation($input: RegisterWebhookInput!) {
  registerWebhook(input: $input) { secret webhook { id url eventTypes createdAt deliveries { edges { node { id } } pageInfo { hasNextPage endCursor } } } }
}`;
const LIST = 'query($id: ID!) { webhooks(careCircleId: $id) { id url eventTypes } }';
const DELETE = 'mutation($id: ID!) { deleteWebhook(id: $id) }';
const DELIVERIES = `query($id: ID!, $first: Int, $after: String) { webhooks(careCircleId: $id) { id
  deliveries(first: $first, after: $after) { edges { cursor node { id eventId eventType status attempts lastStatusCode latencyMs nextAttemptAt deliveredAt } } pageInfo { hasNextPage endCursor } } } }`;

type Harness = SubgraphHarness<RunningNotifications>;
const start = (webhooks: StartNotificationsOptions['webhooks']) => (options: StartNotificationsOptions) => startNotifications({ ...options, webhooks });
const counts = async (h: Harness) => {
  const { rows } = await h.db.query(`select (select count(*)::int from notifications.webhook) as webhooks,
    (select count(*)::int from notifications.outbox where event_type like 'webhook.%') as events`);
  return rows[0] as { webhooks: number; events: number };
};

describe('webhooks in development (NODE_ENV other than production)', () => {
  let h: Harness;
  const circleId = randomUUID();
  let owner: { id: string; token: string };
  const register = (input: Record<string, unknown>, token = owner.token) =>
    h.gql(REGISTER, { input: { careCircleId: circleId, url: 'http://127.0.0.1:9/hook', eventTypes: ['medication.*'], ...input } }, token);

  beforeAll(async () => {
    h = await startSubgraphHarness('webhooks_dev', start({ development: true, maxPerCircle: 3 }));
    owner = await h.member(circleId, 'OWNER');
  });
  afterAll(() => h?.close());

  it('registers a webhook for an OWNER, shows its secret once, lists it and records webhook.registered without path or secret', async () => {
    const answer = await register({ url: 'http://localhost:8080/caregraph?token=abc', eventTypes: ['medication.*', 'appointment.confirmed'] });
    expect(answer.errors).toBeUndefined();
    const { secret, webhook } = answer.data!.registerWebhook;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhook).toMatchObject({ url: 'http://localhost:8080/caregraph?token=abc', eventTypes: ['medication.*', 'appointment.confirmed'], deliveries: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } });
    expect((await h.gql(LIST, { id: circleId }, owner.token)).data!.webhooks).toContainEqual({ id: webhook.id, url: webhook.url, eventTypes: webhook.eventTypes });
    expect((await h.db.query('select secret, created_by from notifications.webhook where id = $1', [webhook.id])).rows).toEqual([{ secret, created_by: owner.id }]);
    const { rows } = await h.db.query("select payload from notifications.outbox where event_type = 'webhook.registered' and aggregate_id = $1", [webhook.id]);
    expect(rows[0].payload).toMatchObject({ carecircleid: circleId, causedby: owner.id, data: { webhookId: webhook.id, origin: 'http://localhost:8080', eventTypes: webhook.eventTypes } });
    expect(JSON.stringify(rows[0].payload)).not.toMatch(/token=abc|whsec_/);
  });

  it('refuses other members, outsiders and anonymous callers, writing nothing', async () => {
    const before = await counts(h);
    for (const role of ['CAREGIVER', 'FAMILY', 'VIEWER'] as const) {
      const member = await h.member(circleId, role);
      expect(errorOf(await register({}, member.token)).code).toBe('FORBIDDEN');
      expect(errorOf(await h.gql(LIST, { id: circleId }, member.token)).code).toBe('FORBIDDEN');
    }
    expect(errorOf(await register({}, (await h.outsider()).token)).code).toBe('FORBIDDEN');
    expect(errorOf(await h.gql(REGISTER, { input: { careCircleId: circleId, url: 'http://127.0.0.1:9/', eventTypes: ['medication.*'] } })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await h.gql(LIST, { id: circleId })).code).toBe('UNAUTHENTICATED');
    expect(await counts(h)).toEqual(before);
  });

  it('refuses a bad URL or bad event types as BAD_USER_INPUT, writing nothing', async () => {
    const before = await counts(h);
    const bad: [Record<string, unknown>, string][] = [
      [{ url: 'not a url' }, 'url'],
      [{ url: 'ftp://127.0.0.1/' }, 'url'],
      [{ url: 'http://hooks.example.com/' }, 'url'],
      [{ url: 'https://user:secret@hooks.example.com/' }, 'url'],
      [{ url: `https://hooks.example.com/${'x'.repeat(10_000)}` }, 'url'],
      [{ eventTypes: [] }, 'eventTypes'],
      [{ eventTypes: ['notification.*'] }, 'eventTypes'],
      [{ eventTypes: ['notification.created'] }, 'eventTypes'],
      [{ eventTypes: ['#'] }, 'eventTypes'],
      [{ eventTypes: ['medication.swallowed'] }, 'eventTypes'],
      [{ eventTypes: Array.from({ length: 500 }, (_, i) => `medication.t${i}`) }, 'eventTypes'],
      [{ careCircleId: 'not-a-uuid' }, 'careCircleId'],
    ];
    for (const [input, field] of bad) expect([input, errorOf(await register(input))]).toEqual([input, { code: 'BAD_USER_INPUT', field }]);
    expect(await counts(h)).toEqual(before);
  });

  it('caps the webhooks of a circle, also against concurrent registrations', async () => {
    const capped = randomUUID();
    const boss = await h.member(capped, 'OWNER');
    const input = { careCircleId: capped, url: 'http://127.0.0.1:9/', eventTypes: ['shift.*'] };
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.gql(REGISTER, { input }, boss.token)));
    expect(answers.filter((answer) => !answer.errors)).toHaveLength(3);
    expect(answers.filter((answer) => answer.errors).map(errorOf)).toEqual([{ code: 'BAD_USER_INPUT', field: 'careCircleId' }, { code: 'BAD_USER_INPUT', field: 'careCircleId' }]);
    expect((await h.db.query('select count(*)::int as n from notifications.webhook where care_circle_id = $1', [capped])).rows[0].n).toBe(3);
  });

  it('pages the deliveries of a webhook, newest first, for its OWNERs only', async () => {
    const { webhook } = (await register({ eventTypes: ['shift.*'] })).data!.registerWebhook;
    const inserted: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = randomUUID();
      inserted.push(id);
      await h.db.query(
        `insert into notifications.webhook_delivery (id, webhook_id, event_id, event_type, body, status, attempts, last_status_code, latency_ms, delivered_at, created_at)
         values ($1, $2, $3, 'shift.started', '{}', 'DELIVERED', 1, 204, 12, now(), now() + make_interval(secs => $4))`,
        [id, webhook.id, `event-${i}`, i],
      );
    }
    const page = async (after?: string) => (await h.gql(DELIVERIES, { id: circleId, first: 2, after }, owner.token)).data!.webhooks.find((w: { id: string }) => w.id === webhook.id).deliveries;
    const first = await page();
    expect(first.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([inserted[2], inserted[1]]);
    expect(first.edges[0].node).toMatchObject({ eventId: 'event-2', eventType: 'shift.started', status: 'DELIVERED', attempts: 1, lastStatusCode: 204, latencyMs: 12, nextAttemptAt: null, deliveredAt: expect.any(String) });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.pageInfo.endCursor);
    expect(second.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([inserted[0]]);
    expect(errorOf(await h.gql(DELIVERIES, { id: circleId, first: 2, after: 'garbage' }, owner.token))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('deletes a webhook for an OWNER only, with its deliveries, recording webhook.deleted', async () => {
    const { webhook } = (await register({ eventTypes: ['bill.*'] })).data!.registerWebhook;
    await h.db.query("insert into notifications.webhook_delivery (id, webhook_id, event_id, event_type, body) values ($1, $2, 'e', 'bill.paid', '{}')", [randomUUID(), webhook.id]);
    const caregiver = await h.member(circleId, 'CAREGIVER');
    expect(errorOf(await h.gql(DELETE, { id: webhook.id }, caregiver.token)).code).toBe('FORBIDDEN');
    expect(errorOf(await h.gql(DELETE, { id: webhook.id })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await h.gql(DELETE, { id: randomUUID() }, owner.token)).code).toBe('NOT_FOUND');
    expect(errorOf(await h.gql(DELETE, { id: 'nope' }, owner.token))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });

    expect((await h.gql(DELETE, { id: webhook.id }, owner.token)).data).toEqual({ deleteWebhook: true });
    expect((await h.gql(LIST, { id: circleId }, owner.token)).data!.webhooks.map((w: { id: string }) => w.id)).not.toContain(webhook.id);
    expect((await h.db.query('select count(*)::int as n from notifications.webhook_delivery where webhook_id = $1', [webhook.id])).rows[0].n).toBe(0);
    const { rows } = await h.db.query("select payload from notifications.outbox where event_type = 'webhook.deleted' and aggregate_id = $1", [webhook.id]);
    expect(rows[0].payload).toMatchObject({ carecircleid: circleId, causedby: owner.id, data: { webhookId: webhook.id, origin: 'http://127.0.0.1:9' } });
  });
});

describe('webhooks in production', () => {
  let h: Harness;
  const circleId = randomUUID();

  beforeAll(async () => {
    h = await startSubgraphHarness('webhooks_prod', start({ development: false }));
  });
  afterAll(() => h?.close());

  it('refuses plain http, localhost, private and link-local addresses, writing nothing', async () => {
    const owner = await h.member(circleId, 'OWNER');
    const urls = ['http://127.0.0.1:9/hook', 'http://localhost/hook', 'https://127.0.0.1/hook', 'https://localhost/hook', 'https://10.0.0.7/hook', 'https://192.168.1.20/', 'https://169.254.169.254/latest/meta-data', 'https://[::1]/', 'https://[fd00::1]/', 'not a url'];
    for (const url of urls) {
      const answer = await h.gql(REGISTER, { input: { careCircleId: circleId, url, eventTypes: ['medication.*'] } }, owner.token);
      expect([url, errorOf(answer)]).toEqual([url, { code: 'BAD_USER_INPUT', field: 'url' }]);
    }
    expect(await counts(h)).toEqual({ webhooks: 0, events: 0 });
  });
});
