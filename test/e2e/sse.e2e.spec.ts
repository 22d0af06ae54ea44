import { createClient, type ExecutionResult } from 'graphql-sse';
import { activeSubscriptions, sharedExecutions } from './gatewayMetrics';
import { careGraphForTest, eventually, graphqlAt, type CareGraphForTest } from '@caregraph/testing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

const EVENTS = 'subscription($c: ID!, $after: String) { careCircleEvents(careCircleId: $c, types: ["care_recipient.*"], after: $after) { id type cursor data } }';

/**
 * GraphQL over Server-Sent Events (graphql-sse, distinct connections) on the gateway's GraphQL
 * path, against CareGraph from the README's start command, with graphql-sse's own client.
 */
describe('subscriptions over Server-Sent Events', () => {
  let running: CareGraphForTest;
  const { gql } = graphqlAt(() => running.caregraph.gatewayUrl);
  const signUp = (name: string) => running.signUp(name);
  const metricsUrl = () => running.caregraph.gatewayMetricsUrl;
  const addRecipient = async (circleId: string, name: string, token: string) =>
    (await gql('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', { i: { careCircleId: circleId, name } }, token)).addCareRecipient.id as string;

  /** One SSE subscription: what it received, and a way to end it. */
  function sse(token: string | undefined, query: string, variables: Loose) {
    const client = createClient({ url: running.caregraph.gatewayUrl, headers: token ? { authorization: `Bearer ${token}` } : {}, retryAttempts: 0 });
    const results: ExecutionResult<Loose, unknown>[] = [];
    let failure: unknown;
    let completed = false;
    const unsubscribe = client.subscribe<Loose>({ query, variables }, {
      next: (result) => void results.push(result),
      error: (error) => void (failure = error),
      complete: () => void (completed = true),
    });
    return {
      results,
      events: () => results.map((result) => result.data?.careCircleEvents as Loose),
      failure: () => failure,
      completed: () => completed,
      stop: () => {
        unsubscribe();
        client.dispose();
      },
    };
  }

  beforeAll(async () => {
    running = await careGraphForTest('sse');
  }, 180000);

  afterAll(() => running?.close(), 60000);

  it('streams a circle’s events to a member, refuses a non-member, and resumes after a cursor with no gap and no duplicate', async () => {
    const owner = await signUp('Olga');
    const outsider = await signUp('Otto');
    const { createCareCircle } = await gql('mutation { createCareCircle(input: { name: "Mum" }) { id } }', {}, owner.token);
    const circleId = createCareCircle.id as string;
    const activeBefore = await activeSubscriptions(metricsUrl());

    const member = sse(owner.token, EVENTS, { c: circleId });
    await eventually(async () => expect(await activeSubscriptions(metricsUrl())).toBe(activeBefore + 1), 10000);
    await addRecipient(circleId, 'Rose', owner.token);
    await eventually(() => expect(member.events().map((event) => event.type)).toEqual(['care_recipient.created']), 10000);
    expect(member.events()[0].data).toMatchObject({ name: 'Rose', careCircleId: circleId });
    member.stop();
    await eventually(async () => expect(await activeSubscriptions(metricsUrl())).toBe(activeBefore), 10000);

    // Refused before any event, with the websocket path's code; the stream then completes.
    const stranger = sse(outsider.token, EVENTS, { c: circleId });
    await eventually(() => expect(stranger.completed()).toBe(true), 10000);
    expect(stranger.results.map((result) => result.errors?.[0]?.extensions)).toEqual([expect.objectContaining({ code: 'FORBIDDEN' })]);
    expect(stranger.results[0].data ?? null).toBeNull();

    // While nobody listens, two more events; resuming after the first one's cursor replays exactly those.
    const [first] = member.events();
    await addRecipient(circleId, 'Sam', owner.token);
    await addRecipient(circleId, 'Tess', owner.token);
    const resumed = sse(owner.token, EVENTS, { c: circleId, after: first.cursor });
    await eventually(() => expect(resumed.events().map((event) => event.data.name)).toEqual(['Sam', 'Tess']), 10000);
    await addRecipient(circleId, 'Uma', owner.token);
    await eventually(() => expect(resumed.events().map((event) => event.data.name)).toEqual(['Sam', 'Tess', 'Uma']), 10000);
    expect(new Set(resumed.events().map((event) => event.id)).size).toBe(3);
    expect(resumed.events().map((event) => event.id)).not.toContain(first.id);
    expect([member, stranger, resumed].map((stream) => stream.failure())).toEqual([undefined, undefined, undefined]);
    resumed.stop();
  });

  it('shares one execution per event among SSE subscribers of one circle and role, as over websockets', async () => {
    const owner = await signUp('Quinn');
    const { createCareCircle } = await gql('mutation { createCareCircle(input: { name: "Dad" }) { id } }', {}, owner.token);
    const circleId = createCareCircle.id as string;
    // actor needs identity: the event's execution goes to a subgraph, shared by the circle-and-role scope.
    const query = 'subscription($c: ID!) { careCircleEvents(careCircleId: $c, types: ["care_recipient.*"]) { type actor { displayName } } }';
    const activeBefore = await activeSubscriptions(metricsUrl());
    const streams = [sse(owner.token, query, { c: circleId }), sse(owner.token, query, { c: circleId })];
    await eventually(async () => expect(await activeSubscriptions(metricsUrl())).toBe(activeBefore + 2), 10000);
    const sharedBefore = await sharedExecutions(metricsUrl(), 'careCircleEvents');
    await addRecipient(circleId, 'Vic', owner.token);
    for (const stream of streams) {
      await eventually(() => expect(stream.events()).toEqual([{ type: 'care_recipient.created', actor: { displayName: 'Quinn' } }]), 10000);
    }
    expect(await sharedExecutions(metricsUrl(), 'careCircleEvents')).toBe(sharedBefore + 1);
    for (const stream of streams) stream.stop();
  });

  it('answers queries over SSE too, and refuses bad tokens, bad bodies and oversized bodies before any stream opens', async () => {
    const owner = await signUp('Pia');
    const query = sse(owner.token, '{ me { id } }', {});
    await eventually(() => expect(query.completed()).toBe(true), 10000);
    expect(query.results).toEqual([{ data: { me: { id: owner.id } } }]);

    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(running.caregraph.gatewayUrl, { method: 'POST', headers: { accept: 'text/event-stream', 'content-type': 'application/json', ...headers }, body });
    const badToken = await post(JSON.stringify({ query: '{ me { id } }' }), { authorization: 'Bearer not-a-token' });
    expect(badToken.status).toBe(401);
    expect(((await badToken.json()) as Loose).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const garbage = await post('{"query":');
    expect(garbage.status).toBe(400);
    const huge = await post(JSON.stringify({ query: `{ me { id } }${' '.repeat(1024 * 1024 + 10)}` }));
    expect(huge.status).toBe(413);

    // An operation over the limits gets the HTTP path's refusal, in the stream.
    const deep = sse(owner.token, `{ me { ${'careCircles { members { user { '.repeat(8)}id${' } } }'.repeat(8)} } }`, {});
    await eventually(() => expect(deep.completed()).toBe(true), 10000);
    expect(deep.results).toHaveLength(1);
    expect(deep.results[0].errors?.map((error) => error.message).join('\n')).toMatch(/depth limit of 10/);
    expect(deep.results[0].data ?? null).toBeNull();
  });
});
