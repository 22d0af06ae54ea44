import {
  careGraphForTest,
  eventually,
  graphqlAt,
  hasValidStandardWebhookSignature,
  startWebhookReceiver,
  type CareGraphForTest,
  type WebhookReceiver,
} from '@caregraph/testing';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/**
 * Webhooks out end to end: CareGraph from the README's start command in services mode (every
 * role of the default RELAY_ROLES, `webhooks` included), an OWNER registering through the
 * gateway, a mutation of another domain, and a real receiver on 127.0.0.1 getting it signed.
 */
describe('webhooks out through the gateway', () => {
  let setup: CareGraphForTest;
  let receiver: WebhookReceiver;
  const { gql, post } = graphqlAt(() => setup.caregraph.gatewayUrl);
  const signUp = (name: string) => setup.signUp(name);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    setup = await careGraphForTest('webhooks');
  }, 180000);

  afterAll(async () => {
    await setup?.close();
    await receiver?.stop();
  }, 60000);

  it("delivers a care mutation's event to the OWNER's webhook, signed, and shows the delivery to the OWNER only", async () => {
    const owner = await signUp('Olga');
    const { createCareCircle } = await gql('mutation { createCareCircle(input: { name: "Mum" }) { id } }', {}, owner.token);
    const circleId = createCareCircle.id as string;
    const { registerWebhook } = await gql(
      'mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { secret webhook { id url eventTypes } } }',
      { i: { careCircleId: circleId, url: `${receiver.url}/caregraph`, eventTypes: ['care_recipient.*'] } },
      owner.token,
    );
    const { addCareRecipient } = await gql('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', { i: { careCircleId: circleId, name: 'Mum' } }, owner.token);

    const [request] = await eventually(() => {
      const got = receiver.at('/caregraph');
      if (!got.length) throw new Error('nothing received yet');
      return got;
    }, 20000);
    expect(hasValidStandardWebhookSignature(registerWebhook.secret, request)).toBe(true);
    const event = JSON.parse(request.body) as Loose;
    expect(event).toMatchObject({ specversion: '1.0', id: request.headers['webhook-id'], type: 'care_recipient.created', carecircleid: circleId, causedby: owner.id, data: { careRecipientId: addCareRecipient.id } });

    const DELIVERIES = 'query($c: ID!) { webhooks(careCircleId: $c) { id deliveries { edges { node { eventId eventType status attempts lastStatusCode } } } } }';
    await eventually(async () => {
      const { webhooks } = await gql(DELIVERIES, { c: circleId }, owner.token);
      expect(webhooks[0].deliveries.edges.map((edge: Loose) => edge.node)).toEqual([{ eventId: event.id, eventType: 'care_recipient.created', status: 'DELIVERED', attempts: 1, lastStatusCode: 204 }]);
    }, 10000);
    const stranger = await signUp('Sam');
    expect((await post(DELIVERIES, { c: circleId }, stranger.token)).body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await post(DELIVERIES, { c: circleId })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // The circle's own events (webhook.registered, care_circle.created) were not subscribed.
    expect(receiver.at('/caregraph').map((got) => JSON.parse(got.body).type)).toEqual(['care_recipient.created']);
  });
});
