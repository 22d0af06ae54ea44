import WebSocket from 'ws';
import { activeSubscriptions } from '../e2e/gatewayMetrics';
import { closeCode, collect, eventually, startAttackHarness, type AttackHarness, type Member } from './support/attackHarness';

const EVENTS = 'subscription ($id: ID!) { careCircleEvents(careCircleId: $id) { sequence type } }';
const LOG = 'mutation ($input: LogMedicationInput!) { logMedication(input: $input) { id } }';

/** What an attacker, or a user whose access ended, can do over websockets (issue 8). */
describe('attacks on live streams of a production CareGraph', () => {
  let h: AttackHarness;
  let alice: Member;
  let circleId: string;
  let medicationId: string;
  const wsUrl = () => h.caregraph.gatewayUrl.replace('http', 'ws');

  beforeAll(async () => {
    h = await startAttackHarness('sec-live');
    alice = await h.signUp('alice');
    const { createCareCircle } = await h.ok('mutation ($input: CreateCareCircleInput!) { createCareCircle(input: $input) { id } }', { input: { name: 'Mum' } }, alice.token);
    circleId = createCareCircle.id;
    const { addCareRecipient } = await h.ok('mutation ($input: AddCareRecipientInput!) { addCareRecipient(input: $input) { id } }', { input: { careCircleId: circleId, name: 'Mum' } }, alice.token);
    const { addMedication } = await h.ok('mutation ($input: AddMedicationInput!) { addMedication(input: $input) { id } }', {
      input: { careRecipientId: addCareRecipient.id, name: 'Metformin', dosage: '500 mg', scheduleTimes: ['08:00'], supplyRemaining: 1000, refillThreshold: 0 },
    }, alice.token);
    medicationId = addMedication.id;
  }, 180000);
  afterAll(() => h?.close(), 60000);

  afterEach(async () => {
    expect((await h.ok('{ me { id } }', {}, alice.token)).me.id).toBe(alice.id);
    await h.assertAllProcessesUp();
  });

  const logDose = async (note: string) => (await h.ok(LOG, { input: { medicationId, status: 'GIVEN', note } }, alice.token)).logMedication.id as string;

  /** A subscriber on the circle's events who has provably received one live event. */
  async function liveSubscriber(token: string) {
    const stream = collect(h.ws(token), EVENTS, { id: circleId });
    await eventually(async () => {
      await logDose('probe');
      await eventually(() => expect(stream.seen.data.length).toBeGreaterThan(0), 2000);
    }, 20000);
    return stream;
  }

  /** Raw graphql-transport-ws socket, acknowledged. */
  async function openSocket(token = alice.token): Promise<{ socket: WebSocket; closed: Promise<number> }> {
    const socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } })));
      socket.on('message', (raw) => {
        if (JSON.parse(String(raw)).type === 'connection_ack') resolve();
      });
      socket.once('close', (code) => reject(new Error(`closed ${code} before ack`)));
    });
    return { socket, closed };
  }

  it('closes the socket with 1009 on a 5 MB message, without parsing it', async () => {
    const { socket, closed } = await openSocket();
    const query = `{ me { id } } # ${'x'.repeat(5 * 1024 * 1024)}`;
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
    expect(await closed).toBe(1009);
  });

  it('holds at most 50 subscriptions on one socket and refuses the rest', async () => {
    const sam = await h.signUp('sam');
    await h.join(circleId, alice, sam, 'VIEWER');
    const client = h.ws(sam.token);
    const activeBefore = await activeSubscriptions(h.caregraph.gatewayMetricsUrl);
    const streams = Array.from({ length: 500 }, () => collect(client, EVENTS, { id: circleId }));
    await eventually(() => expect(streams.filter((stream) => stream.seen.errors.length > 0)).toHaveLength(450), 30000);
    for (const stream of streams.filter((s) => s.seen.errors.length > 0)) expect(stream.seen.errors[0].extensions?.code).toBe('SUBSCRIPTION_LIMIT');
    // The 50 it holds are live (a stream that is not live yet has no position to catch up from).
    await eventually(async () => expect(await activeSubscriptions(h.caregraph.gatewayMetricsUrl)).toBe(activeBefore + 50), 30000);
    await logDose('after the flood');
    await eventually(() => expect(streams.filter((stream) => stream.seen.data.length > 0).length).toBe(50), 20000);
    for (const stream of streams) stream.unsubscribe();
  });

  it('refuses a client its 200 sockets past the per-address limit, and serves again once they are closed', async () => {
    const attempts = await Promise.allSettled(Array.from({ length: 200 }, () => openSocket()));
    const opened = attempts.filter((a): a is PromiseFulfilledResult<Awaited<ReturnType<typeof openSocket>>> => a.status === 'fulfilled').map((a) => a.value);
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.length).toBeLessThanOrEqual(50);
    for (const { socket } of opened) socket.close();
    await Promise.all(opened.map(({ closed }) => closed));
    await eventually(async () => {
      const again = await openSocket();
      again.socket.close();
    });
  });

  it('refuses unsigned, foreign, wrongly issued and expired tokens in connection_init', async () => {
    const { SignJWT, UnsecuredJWT } = await import('jose');
    const hour = Math.floor(Date.now() / 1000) + 3600;
    const signed = (secret: string, iss: string) =>
      new SignJWT({ email: alice.email }).setProtectedHeader({ alg: 'HS256' }).setSubject(alice.id).setIssuer(iss).setAudience('caregraph').setExpirationTime(hour).sign(new TextEncoder().encode(secret));
    const tokens = [
      new UnsecuredJWT({ email: alice.email }).setSubject(alice.id).setIssuer('caregraph-identity').setAudience('caregraph').setExpirationTime(hour).encode(),
      await signed('y'.repeat(64), 'caregraph-identity'),
      await signed(h.jwtSecret, 'someone-else'),
      await h.tokenFor(alice, -60),
    ];
    for (const token of tokens) {
      const stream = collect(h.ws(token), EVENTS, { id: circleId });
      await eventually(() => expect([4401, 4403]).toContain(closeCode(stream.seen.closed)));
      expect(stream.seen.data).toEqual([]);
    }
  });

  it('ends a stream at its token’s expiry: no event after it', async () => {
    const bob = await h.signUp('bob');
    await h.join(circleId, alice, bob, 'CAREGIVER');
    const shortLived = await h.tokenFor(bob, 6);
    const expiring = await liveSubscriber(shortLived);
    const witness = await liveSubscriber(bob.token);
    await eventually(() => expect(expiring.seen.errors.length + (expiring.seen.closed ? 1 : 0)).toBeGreaterThan(0), 15000);
    const ended = expiring.seen.errors[0]?.extensions?.code ?? closeCode(expiring.seen.closed);
    expect(['UNAUTHENTICATED', 4403, 4401]).toContain(ended);
    const seenBefore = expiring.seen.data.length;
    const after = await logDose('after expiry');
    await eventually(() => expect(witness.seen.data.length).toBeGreaterThan(1));
    await eventually(async () => expect((await h.ok('query ($id: ID!) { careCircleEventLog(careCircleId: $id, first: 200) { edges { node { data } } } }', { id: circleId }, alice.token)).careCircleEventLog.edges.some((e: { node: { data: { logId?: string } } }) => e.node.data.logId === after)).toBe(true));
    expect(expiring.seen.data.length).toBe(seenBefore);
  });

  it.each(['removeMember', 'leaveCareCircle'])('ends a member’s streams on %s: FORBIDDEN, no event after, reads refused at once', async (how) => {
    const carol = await h.signUp('carol');
    await h.join(circleId, alice, carol, 'FAMILY');
    const stream = await liveSubscriber(carol.token);
    if (how === 'removeMember') await h.ok('mutation ($c: ID!, $u: ID!) { removeMember(careCircleId: $c, userId: $u) }', { c: circleId, u: carol.id }, alice.token);
    else await h.ok('mutation ($c: ID!) { leaveCareCircle(careCircleId: $c) }', { c: circleId }, carol.token);
    const read = await h.gql('query ($id: ID!) { careCircle(id: $id) { id name } }', { id: circleId }, carol.token);
    expect(read.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await eventually(() => expect(stream.seen.errors[0]?.extensions?.code).toBe('FORBIDDEN'), 5000);
    await logDose(`after ${how}`);
    const witness = await liveSubscriber(alice.token);
    expect(witness.seen.data.length).toBeGreaterThan(0);
    // Nothing the circle logged after the removal reached the removed member.
    const { careCircleEventLog } = await h.ok('query ($id: ID!) { careCircleEventLog(careCircleId: $id, first: 200) { edges { node { sequence type data } } } }', { id: circleId }, alice.token);
    const removal = careCircleEventLog.edges
      .map((edge: { node: { sequence: number; type: string; data: { userId?: string } } }) => edge.node)
      .find((event: { type: string; data: { userId?: string } }) => event.type === 'care_circle.member_removed' && event.data.userId === carol.id);
    expect(removal).toBeDefined();
    expect(Math.max(...stream.seen.data.map((data) => data.careCircleEvents.sequence as number))).toBeLessThanOrEqual(removal.sequence);
    const resubscribed = collect(h.ws(carol.token), EVENTS, { id: circleId });
    await eventually(() => expect(resubscribed.seen.errors[0]?.extensions?.code).toBe('FORBIDDEN'));
  });
});
