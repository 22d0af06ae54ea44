import { randomUUID } from 'node:crypto';
import { errorOf, sampleEvent, startNotificationsHarness, type NotificationsHarness, type TestUser } from './__tests__/notificationsHarness';

const MY_NOTIFICATIONS = `query ($first: Int, $after: String, $unreadOnly: Boolean) {
  myNotifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    edges { cursor node { id title body priority channels eventId eventType readAt createdAt recipient { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const MARK_READ = `mutation ($id: ID!) { markNotificationRead(id: $id) { id readAt recipient { id } } }`;
const MARK_ALL_READ = `mutation { markAllNotificationsRead }`;
const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) { ... on Notification { id title priority readAt recipient { id } } }
}`;

type Edge = { cursor: string; node: { id: string; title: string; readAt: string | null } };

describe('notifications subgraph over HTTP', () => {
  let harness: NotificationsHarness;
  let alice: TestUser;
  let bob: TestUser;
  /** alice's notification ids, oldest first */
  const aliceIds: string[] = [];

  beforeAll(async () => {
    harness = await startNotificationsHarness('notifications_http');
    alice = await harness.user();
    bob = await harness.user();
    for (const title of ['first', 'second', 'third', 'fourth', 'fifth']) {
      const [created] = await harness.notify({ event: sampleEvent(), recipients: [{ userId: alice.id }], title });
      aliceIds.push(created.id);
    }
    // Distinct, known times, so the order never depends on two inserts in one millisecond.
    for (const [index, id] of aliceIds.entries()) {
      await harness.db.query("update notifications.notification set created_at = '2026-11-22T10:00:00Z'::timestamptz + $2 * interval '1 minute' where id = $1", [id, index]);
    }
    await harness.notify({ event: sampleEvent(), recipients: [{ userId: bob.id }], title: 'for bob' });
  });
  afterAll(() => harness?.close());

  const titles = (edges: Edge[]) => edges.map((edge) => edge.node.title);

  it('pages the caller’s own notifications newest first', async () => {
    const first = await harness.gql(MY_NOTIFICATIONS, { first: 2 }, alice.token);
    expect(first.errors).toBeUndefined();
    const page1 = first.data!.myNotifications;
    expect(titles(page1.edges)).toEqual(['fifth', 'fourth']);
    expect(page1.pageInfo).toEqual({ hasNextPage: true, endCursor: page1.edges[1].cursor });
    expect(page1.edges[0].node).toMatchObject({ id: aliceIds[4], priority: 'CRITICAL', channels: ['IN_APP', 'EMAIL'], eventType: 'emergency.alert.created', readAt: null, recipient: { id: alice.id } });

    const page2 = (await harness.gql(MY_NOTIFICATIONS, { first: 2, after: page1.pageInfo.endCursor }, alice.token)).data!.myNotifications;
    expect(titles(page2.edges)).toEqual(['third', 'second']);
    const page3 = (await harness.gql(MY_NOTIFICATIONS, { first: 2, after: page2.pageInfo.endCursor }, alice.token)).data!.myNotifications;
    expect(titles(page3.edges)).toEqual(['first']);
    expect(page3.pageInfo.hasNextPage).toBe(false);

    const all = (await harness.gql(MY_NOTIFICATIONS, {}, alice.token)).data!.myNotifications;
    expect(all.edges).toHaveLength(5);
  });

  it('pages without gaps or repeats when notifications share a timestamp', async () => {
    const dave = await harness.user();
    for (let i = 0; i < 3; i += 1) await harness.notify({ event: sampleEvent(), recipients: [{ userId: dave.id }] });
    await harness.db.query("update notifications.notification set created_at = '2026-11-22T12:00:00Z' where recipient_id = $1", [dave.id]);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { edges: Edge[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = (await harness.gql(MY_NOTIFICATIONS, { first: 1, after }, dave.token)).data!.myNotifications;
      seen.push(...page.edges.map((edge) => edge.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    const stored = await harness.db.query('select id from notifications.notification where recipient_id = $1 order by id desc', [dave.id]);
    expect(seen).toEqual(stored.rows.map((row) => row.id));
  });

  it('never shows another user’s notifications', async () => {
    const asBob = (await harness.gql(MY_NOTIFICATIONS, {}, bob.token)).data!.myNotifications;
    expect(titles(asBob.edges)).toEqual(['for bob']);
    const stranger = await harness.user();
    expect((await harness.gql(MY_NOTIFICATIONS, {}, stranger.token)).data!.myNotifications).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('rejects a bad cursor or page size and anonymous callers', async () => {
    expect(errorOf(await harness.gql(MY_NOTIFICATIONS, { after: 'nonsense' }, alice.token))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(errorOf(await harness.gql(MY_NOTIFICATIONS, { first: 0 }, alice.token))).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(errorOf(await harness.gql(MY_NOTIFICATIONS, {})).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.gql(MARK_READ, { id: aliceIds[0] })).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await harness.gql(MARK_ALL_READ, {})).code).toBe('UNAUTHENTICATED');
  });

  it('marks the caller’s own notification read once and keeps the first readAt', async () => {
    const marked = await harness.gql(MARK_READ, { id: aliceIds[0] }, alice.token);
    expect(marked.errors).toBeUndefined();
    const { readAt } = marked.data!.markNotificationRead;
    expect(marked.data!.markNotificationRead).toMatchObject({ id: aliceIds[0], recipient: { id: alice.id } });
    expect(new Date(readAt).toISOString()).toBe(readAt);
    const again = await harness.gql(MARK_READ, { id: aliceIds[0].toUpperCase() }, alice.token);
    expect(again.data!.markNotificationRead.readAt).toBe(readAt);

    const unread = (await harness.gql(MY_NOTIFICATIONS, { unreadOnly: true }, alice.token)).data!.myNotifications;
    expect(titles(unread.edges)).toEqual(['fifth', 'fourth', 'third', 'second']);
    const unreadPage = (await harness.gql(MY_NOTIFICATIONS, { unreadOnly: true, first: 3 }, alice.token)).data!.myNotifications;
    const rest = (await harness.gql(MY_NOTIFICATIONS, { unreadOnly: true, after: unreadPage.pageInfo.endCursor }, alice.token)).data!.myNotifications;
    expect(titles(rest.edges)).toEqual(['second']);
  });

  it('answers NOT_FOUND for someone else’s notification, as for an unknown one, and changes nothing', async () => {
    const [bobsId] = (await harness.db.query('select id from notifications.notification where recipient_id = $1', [bob.id])).rows.map((row) => row.id);
    expect(errorOf(await harness.gql(MARK_READ, { id: bobsId }, alice.token)).code).toBe('NOT_FOUND');
    expect(errorOf(await harness.gql(MARK_READ, { id: randomUUID() }, alice.token)).code).toBe('NOT_FOUND');
    expect(errorOf(await harness.gql(MARK_READ, { id: 'nope' }, alice.token))).toEqual({ code: 'BAD_USER_INPUT', field: 'id' });
    const stored = await harness.db.query('select read_at from notifications.notification where id = $1', [bobsId]);
    expect(stored.rows[0].read_at).toBeNull();
  });

  it('marks all of the caller’s unread notifications read and returns how many changed', async () => {
    const carol = await harness.user();
    for (let i = 0; i < 3; i += 1) await harness.notify({ event: sampleEvent(), recipients: [{ userId: carol.id }, { userId: bob.id }] });
    const [firstId] = (await harness.gql(MY_NOTIFICATIONS, { first: 1 }, carol.token)).data!.myNotifications.edges.map((edge: Edge) => edge.node.id);
    await harness.gql(MARK_READ, { id: firstId }, carol.token);

    expect((await harness.gql(MARK_ALL_READ, {}, carol.token)).data).toEqual({ markAllNotificationsRead: 2 });
    expect((await harness.gql(MARK_ALL_READ, {}, carol.token)).data).toEqual({ markAllNotificationsRead: 0 });
    expect((await harness.gql(MY_NOTIFICATIONS, { unreadOnly: true }, carol.token)).data!.myNotifications.edges).toEqual([]);
    // bob's copies of the same events are untouched.
    expect((await harness.gql(MY_NOTIFICATIONS, { unreadOnly: true }, bob.token)).data!.myNotifications.edges).toHaveLength(4);
  });

  it('resolves Notification entities for their recipient only', async () => {
    const representations = [{ __typename: 'Notification', id: aliceIds[2] }];
    const own = await harness.gql(ENTITIES, { representations }, alice.token);
    expect(own.errors).toBeUndefined();
    expect(own.data!._entities).toEqual([{ id: aliceIds[2], title: 'third', priority: 'CRITICAL', readAt: null, recipient: { id: alice.id } }]);

    const other = await harness.gql(ENTITIES, { representations }, bob.token);
    expect(errorOf(other).code).toBe('FORBIDDEN');
    expect(other.data?._entities?.[0] ?? null).toBeNull();
    expect(errorOf(await harness.gql(ENTITIES, { representations })).code).toBe('UNAUTHENTICATED');
    const unknown = await harness.gql(ENTITIES, { representations: [{ __typename: 'Notification', id: randomUUID() }, { __typename: 'Notification', id: 'x' }] }, alice.token);
    expect(unknown.errors).toBeUndefined();
    expect(unknown.data!._entities).toEqual([null, null]);
  });
});
