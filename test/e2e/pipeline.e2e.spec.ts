import WebSocket from 'ws';
import {
  AddCareRecipientDocument,
  AddMedicationDocument,
  AcceptInvitationDocument,
  CareCircleEventLogDocument,
  CareCircleEventsDocument,
  CareRecipientDocument,
  CreateCareCircleDocument,
  InviteMemberDocument,
  LogMedicationDocument,
  MedicationLoggedDocument,
  RaiseEmergencyAlertDocument,
  SignUpDocument,
  createCareGraphClient,
  type CareCircleEventsSubscription,
  type CareGraphClient,
  type CareGraphError,
  type MedicationLoggedSubscription,
} from '../../sdk/src';
import {
  createTestDatabase,
  deleteAmqpNamespace,
  eventually,
  infra,
  startCareGraph,
  testNamespace,
  type RunningCareGraph,
} from '@caregraph/testing';
import { activeSubscriptions, sharedExecutions } from './gatewayMetrics';

/**
 * The whole pipeline in services mode, through real processes started by the README's start
 * command: mutation → care subgraph (entity + outbox, one transaction) → event relay → RabbitMQ
 * → audit consumer (stored, numbered, announced after commit) → Redis → gateway → graphql-ws
 * subscriber, with loggedBy/actor resolved
 * from identity per event by the federation query planner.
 */
describe('the live pipeline from a mutation to a federated subscription', () => {
  let caregraph: RunningCareGraph;
  let dropDatabase: () => Promise<void>;
  let namespace: string;
  const clients: CareGraphClient[] = [];

  beforeAll(async () => {
    const servers = await infra();
    const database = await createTestDatabase('e2e');
    dropDatabase = database.drop;
    namespace = testNamespace('e2e');
    caregraph = await startCareGraph({
      ...process.env,
      DATABASE_URL: database.url,
      RABBITMQ_URL: servers.rabbitmqUrl,
      REDIS_URL: servers.redisUrl,
      CAREGRAPH_NAMESPACE: namespace,
      JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret',
    });
  }, 120000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await caregraph?.stop();
    const servers = await infra();
    await deleteAmqpNamespace(servers.rabbitmqUrl, namespace).catch(() => undefined);
    await dropDatabase?.();
  }, 60000);

  const client = (token?: string) => {
    const created = createCareGraphClient({ url: caregraph.gatewayUrl, token, webSocketImpl: WebSocket });
    clients.push(created);
    return created;
  };

  async function signUp(displayName: string) {
    const email = `${displayName.toLowerCase()}-${Date.now()}@example.com`;
    const { signUp: auth } = await client().request(SignUpDocument, {
      input: { email, password: 'correct horse battery', displayName },
    });
    return { ...auth, email, client: client(auth.token) };
  }

  /** Membership is consent: the owner invites, the member accepts. */
  async function join(owner: { client: CareGraphClient }, member: { email: string; client: CareGraphClient }, careCircleId: string, role: 'CAREGIVER' | 'VIEWER') {
    const { inviteMember } = await owner.client.request(InviteMemberDocument, { input: { careCircleId, email: member.email, role } });
    await member.client.request(AcceptInvitationDocument, { id: inviteMember.id });
  }

  it('streams medicationLogged and careCircleEvents to members only, with fields from identity', async () => {
    const alice = await signUp('Alice');
    const carol = await signUp('Carol');
    const bob = await signUp('Bob');

    const { createCareCircle: circle } = await alice.client.request(CreateCareCircleDocument, { input: { name: 'Mum' } });
    await join(alice, carol, circle.id, 'CAREGIVER');
    const { createCareCircle: bobsCircle } = await bob.client.request(CreateCareCircleDocument, { input: { name: 'Dad' } });
    const { addCareRecipient: recipient } = await alice.client.request(AddCareRecipientDocument, {
      input: { careCircleId: circle.id, name: 'Mum' },
    });
    const { addMedication: medication } = await alice.client.request(AddMedicationDocument, {
      input: { careRecipientId: recipient.id, name: 'Metformin', dosage: '500 mg', scheduleTimes: ['08:00', '20:00'], supplyRemaining: 10, refillThreshold: 2 },
    });

    // The outsider can neither read the recipient nor subscribe to the circle.
    await expect(bob.client.request(CareRecipientDocument, { id: recipient.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const bobReceived: unknown[] = [];
    const bobErrors: CareGraphError[] = [];
    bob.client.subscribe(CareCircleEventsDocument, { careCircleId: circle.id }, (data) => bobReceived.push(data), (e) => bobErrors.push(e as CareGraphError));
    bob.client.subscribe(MedicationLoggedDocument, { careRecipientId: recipient.id }, (data) => bobReceived.push(data), (e) => bobErrors.push(e as CareGraphError));
    bob.client.subscribe(CareCircleEventsDocument, { careCircleId: bobsCircle.id }, (data) => bobReceived.push(data), (e) => bobErrors.push(e as CareGraphError));
    await eventually(() => expect(bobErrors).toHaveLength(2));
    for (const error of bobErrors) expect(error.errors[0].extensions?.code).toBe('FORBIDDEN');

    const logs: MedicationLoggedSubscription[] = [];
    const events: CareCircleEventsSubscription[] = [];
    const carolErrors: Error[] = [];
    carol.client.subscribe(MedicationLoggedDocument, { careRecipientId: recipient.id }, (data) => logs.push(data), (e) => carolErrors.push(e));
    carol.client.subscribe(CareCircleEventsDocument, { careCircleId: circle.id, types: ['medication.*'] }, (data) => events.push(data), (e) => carolErrors.push(e));
    // Bob's own-circle subscription plus Carol's two are live before anything is published.
    await eventually(async () => {
      expect(carolErrors).toEqual([]);
      expect(bobErrors).toHaveLength(2);
      expect(await activeSubscriptions(caregraph.gatewayMetricsUrl)).toBe(3);
    });

    const { logMedication: log } = await carol.client.request(LogMedicationDocument, {
      input: { medicationId: medication.id, status: 'GIVEN', note: 'with breakfast' },
    });

    await eventually(() => expect(logs).toHaveLength(1));
    expect(logs[0].medicationLogged).toMatchObject({
      id: log.id,
      status: 'GIVEN',
      note: 'with breakfast',
      loggedBy: { id: carol.user.id, displayName: 'Carol' },
      medication: { id: medication.id, name: 'Metformin', supplyRemaining: 9 },
    });
    await eventually(() => expect(events.map((e) => e.careCircleEvents.type)).toContain('medication.logged'));
    const event = events.find((e) => e.careCircleEvents.type === 'medication.logged')!.careCircleEvents;
    expect(event).toMatchObject({
      careCircleId: circle.id,
      actor: { id: carol.user.id, displayName: 'Carol' },
      data: expect.objectContaining({ logId: log.id, medicationId: medication.id, status: 'GIVEN' }),
    });
    expect(event.cursor).toEqual(expect.any(String));
    // The types filter kept care_recipient.created and medication.added (published earlier) out
    // and only medication.* events in.
    for (const e of events) expect(e.careCircleEvents.type).toMatch(/^medication\./);

    // Everything for Carol has arrived; Bob, outsider to circle A, got none of it.
    expect(bobReceived).toEqual([]);
  });
  it("shares each event's execution among members with one role through the circle's scope, never across roles", async () => {
    const owner = await signUp('Olga');
    const [first, second, viewer] = [await signUp('Fay'), await signUp('Sam'), await signUp('Vic')];
    const { createCareCircle: circle } = await owner.client.request(CreateCareCircleDocument, { input: { name: 'Gran' } });
    await join(owner, first, circle.id, 'CAREGIVER');
    await join(owner, second, circle.id, 'CAREGIVER');
    await join(owner, viewer, circle.id, 'VIEWER');
    const { addCareRecipient: recipient } = await owner.client.request(AddCareRecipientDocument, { input: { careCircleId: circle.id, name: 'Gran' } });
    const { addMedication: medication } = await owner.client.request(AddMedicationDocument, {
      input: { careRecipientId: recipient.id, name: 'Aspirin', dosage: '75 mg', scheduleTimes: ['09:00'], supplyRemaining: 5, refillThreshold: 1 },
    });

    const activeBefore = await activeSubscriptions(caregraph.gatewayMetricsUrl);
    const sharedBefore = await sharedExecutions(caregraph.gatewayMetricsUrl, 'medicationLogged');
    const received = new Map<string, MedicationLoggedSubscription[]>();
    const failures: Error[] = [];
    for (const member of [first, second, viewer]) {
      received.set(member.user.id, []);
      member.client.subscribe(MedicationLoggedDocument, { careRecipientId: recipient.id }, (data) => received.get(member.user.id)!.push(data), (e) => failures.push(e));
    }
    await eventually(async () => {
      expect(failures).toEqual([]);
      expect(await activeSubscriptions(caregraph.gatewayMetricsUrl)).toBe(activeBefore + 3);
    });

    const { logMedication: log } = await owner.client.request(LogMedicationDocument, { input: { medicationId: medication.id, status: 'GIVEN' } });
    await eventually(() => expect([...received.values()].every((list) => list.length === 1)).toBe(true));
    for (const [, [only]] of received) {
      expect(only.medicationLogged).toMatchObject({ id: log.id, loggedBy: { id: owner.user.id, displayName: 'Olga' }, medication: { id: medication.id, supplyRemaining: 4 } });
    }
    // The two caregivers shared one execution; the viewer's scope is another, so it ran its own.
    expect((await sharedExecutions(caregraph.gatewayMetricsUrl, 'medicationLogged')) - sharedBefore).toBe(1);
  });

  it('resumes careCircleEvents after a cursor: the missed events in log order, then live, no gap and no duplicate', async () => {
    const alice = await signUp('Ann');
    const carol = await signUp('Cath');
    const bob = await signUp('Ben');
    const { createCareCircle: circle } = await alice.client.request(CreateCareCircleDocument, { input: { name: 'Gran' } });
    await join(alice, carol, circle.id, 'VIEWER');
    const { addCareRecipient: recipient } = await alice.client.request(AddCareRecipientDocument, { input: { careCircleId: circle.id, name: 'Gran' } });
    const { addMedication: medication } = await alice.client.request(AddMedicationDocument, {
      input: { careRecipientId: recipient.id, name: 'Aspirin', dosage: '75 mg', scheduleTimes: ['08:00'], supplyRemaining: 50, refillThreshold: 2 },
    });
    const logDose = (note: string) => alice.client.request(LogMedicationDocument, { input: { medicationId: medication.id, status: 'GIVEN', note } });
    const log = async (after?: string | null) =>
      (await carol.client.request(CareCircleEventLogDocument, { careCircleId: circle.id, after, first: 500 })).careCircleEventLog;

    // Everything so far is in the circle's log, numbered 1, 2, 3… for every member (a VIEWER here).
    await eventually(async () => expect((await log()).edges.map((e) => e.node.type)).toContain('medication.added'));
    const before = (await log()).edges.map((edge) => edge.node);
    expect(before.map((event) => event.sequence)).toEqual(before.map((_, index) => index + 1));
    await expect(bob.client.request(CareCircleEventLogDocument, { careCircleId: circle.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Live: two doses arrive with consecutive numbers.
    const first: CareCircleEventsSubscription['careCircleEvents'][] = [];
    const errors: unknown[] = [];
    const unsubscribe = carol.client.subscribe(CareCircleEventsDocument, { careCircleId: circle.id }, (data) => first.push(data.careCircleEvents), (e) => errors.push(e));
    await eventually(async () => expect(await activeSubscriptions(caregraph.gatewayMetricsUrl)).toBeGreaterThanOrEqual(1));
    await logDose('one');
    await logDose('two');
    await eventually(() => expect(first.filter((e) => e.type === 'medication.logged')).toHaveLength(2));
    const sequences = first.map((event) => event.sequence);
    expect(sequences).toEqual(sequences.map((_, index) => sequences[0] + index));
    const lastSeen = first.at(-1)!;
    unsubscribe();

    // Offline: three more doses and an alert (each also writes a timeline entry, and the alert notifies members).
    await logDose('three');
    await logDose('four');
    await alice.client.request(RaiseEmergencyAlertDocument, { input: { careRecipientId: recipient.id, message: 'Fell in the garden' } });
    await logDose('five');
    const types = ['medication.logged', 'emergency.*'];
    const wanted = (event: { type: string }) => event.type === 'medication.logged' || event.type.startsWith('emergency.');
    await eventually(async () => expect((await log(lastSeen.cursor)).edges.filter((edge) => wanted(edge.node))).toHaveLength(4));
    const missed = (await log(lastSeen.cursor)).edges.map((edge) => edge.node).filter(wanted);

    // Resumed with a types filter: exactly the missed events of those types, in log order, with
    // actors resolved; then live again.
    const resumed: CareCircleEventsSubscription['careCircleEvents'][] = [];
    carol.client.subscribe(CareCircleEventsDocument, { careCircleId: circle.id, types, after: lastSeen.cursor }, (data) => resumed.push(data.careCircleEvents), (e) => errors.push(e));
    await eventually(() => expect(resumed).toHaveLength(4));
    expect(resumed.map((event) => [event.id, event.sequence])).toEqual(missed.map((event) => [event.id, event.sequence]));
    // One aggregate's events keep their order in the log; events of different aggregates (the
    // doses and the alert) are numbered as the audit store received them.
    const doses = resumed.filter((event) => event.type === 'medication.logged').map((event) => (event.data as { note: string }).note);
    expect(doses).toEqual(['three', 'four', 'five']);
    expect(resumed.map((event) => event.type).sort()).toEqual(['emergency.alert.created', 'medication.logged', 'medication.logged', 'medication.logged']);
    expect(resumed[0].sequence).toBeGreaterThan(lastSeen.sequence);
    expect(resumed.find((event) => event.type === 'emergency.alert.created')!.actor).toEqual({ id: alice.user.id, displayName: 'Ann' });
    await logDose('six');
    await eventually(() => expect(resumed).toHaveLength(5));
    expect(resumed[4]).toMatchObject({ type: 'medication.logged', data: expect.objectContaining({ note: 'six' }) });
    expect(resumed[4].sequence).toBeGreaterThan(resumed[3].sequence);
    expect(new Set(resumed.map((event) => event.id)).size).toBe(5);
    expect(errors).toEqual([]);

    // A cursor that is not one refuses the subscription with the subgraph's code.
    const refused: CareGraphError[] = [];
    carol.client.subscribe(CareCircleEventsDocument, { careCircleId: circle.id, after: 'not-a-cursor' }, () => undefined, (e) => refused.push(e as CareGraphError));
    await eventually(() => expect(refused).toHaveLength(1));
    expect(refused[0].errors[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
