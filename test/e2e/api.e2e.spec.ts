import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, deleteAmqpNamespace, eventually, graphqlAt, infra, startCareGraph, testNamespace, type RunningCareGraph } from '@caregraph/testing';

/**
 * Every Query and Mutation field of the public API, at least once, through the gateway of a
 * CareGraph started with the README's start command in services mode, on data made by
 * `npm run seed` (whose users log in here). Plus the authorisation rules seen from an app.
 */
const root = path.resolve(__dirname, '../..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

describe('the public API through the gateway', () => {
  let caregraph: RunningCareGraph;
  let dropDatabase: () => Promise<void>;
  let namespace: string;
  const users: Record<'owner' | 'caregiver' | 'viewer', { email: string; token: string; id: string }> = {} as never;
  let circleId: string;
  let recipientId: string;

  const gateway = graphqlAt(() => caregraph.gatewayUrl);
  const call = async (query: string, variables: Loose = {}, token?: string) => (await gateway.post(query, variables, token)).body;
  const { gql } = gateway;
  const codeOf = async (query: string, variables: Loose, token?: string) => (await call(query, variables, token)).errors?.[0]?.extensions?.code;

  beforeAll(async () => {
    const servers = await infra();
    const database = await createTestDatabase('api');
    dropDatabase = database.drop;
    namespace = testNamespace('api');
    const env = { ...process.env, DATABASE_URL: database.url, RABBITMQ_URL: servers.rabbitmqUrl, REDIS_URL: servers.redisUrl, CAREGRAPH_NAMESPACE: namespace, JWT_SECRET: 'api-e2e-secret-api-e2e-secret' };
    caregraph = await startCareGraph(env);
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/seed.js'], { cwd: root, env: { ...env, CAREGRAPH_URL: caregraph.gatewayUrl } });
    const emails = [...stdout.matchAll(/(\S+@example\.com) \((OWNER|CAREGIVER|VIEWER)\)/g)];
    expect(emails).toHaveLength(3);
    expect(stdout).toMatch(/Reminder: Metformin \(08:00, 20:00 Europe\/London\) is next due at \d{4}-\d\d-\d\dT/);
    for (const [, email, role] of emails) {
      const { logIn } = await gql('mutation($i: LogInInput!) { logIn(input: $i) { token user { id } } }', { i: { email, password: 'caregraph-demo' } });
      users[({ OWNER: 'owner', CAREGIVER: 'caregiver', VIEWER: 'viewer' } as const)[role as 'OWNER']] = { email, token: logIn.token, id: logIn.user.id };
    }
  }, 180000);

  afterAll(async () => {
    await caregraph?.stop();
    await deleteAmqpNamespace((await infra()).rabbitmqUrl, namespace).catch(() => undefined);
    await dropDatabase?.();
  }, 60000);

  it('reads the seeded circle through every query field', async () => {
    const { me } = await gql('{ me { id email displayName createdAt careCircles { id name createdAt members { role joinedAt user { id displayName email } } } } }', {}, users.owner.token);
    expect(me.careCircles).toHaveLength(1);
    circleId = me.careCircles[0].id;
    expect(me.careCircles[0].members.map((m: Loose) => m.role).sort()).toEqual(['CAREGIVER', 'OWNER', 'VIEWER']);

    const { careCircle } = await gql('query($id: ID!) { careCircle(id: $id) { id name } }', { id: circleId }, users.viewer.token);
    expect(careCircle.name).toBe('Grandma Rose');

    // The audit consumer fills the event store asynchronously.
    const auditLog = await eventually(async () => {
      const { auditLog: log } = await gql(
        'query($f: AuditFilter!) { auditLog(filter: $f, first: 100) { edges { node { id type aggregateType careCircleId occurredAt data actor { displayName } } } pageInfo { hasNextPage } } }',
        { f: { careCircleId: circleId } },
        users.owner.token,
      );
      const types = log.edges.map((e: Loose) => e.node.type);
      expect(types).toEqual(expect.arrayContaining(['care_circle.created', 'medication.logged', 'emergency.alert.created', 'appointment.requested', 'bill.paid', 'appointment.confirmed']));
      return log;
    }, 20000);
    recipientId = auditLog.edges.find((e: Loose) => e.node.type === 'care_recipient.created').node.data.careRecipientId;

    // The same events as the circle's log, numbered 1, 2, 3… and readable by every member.
    const { careCircleEventLog: eventLog } = await gql(
      'query($id: ID!) { careCircleEventLog(careCircleId: $id, first: 200) { edges { cursor node { id sequence type actor { displayName } } } pageInfo { hasNextPage } } }',
      { id: circleId },
      users.viewer.token,
    );
    expect(eventLog.edges.map((e: Loose) => e.node.sequence)).toEqual(eventLog.edges.map((_: Loose, index: number) => index + 1));
    expect(eventLog.edges.map((e: Loose) => e.node.id)).toEqual(expect.arrayContaining(auditLog.edges.map((e: Loose) => e.node.id)));

    const { careRecipient } = await gql(
      `query($id: ID!) { careRecipient(id: $id) {
        id name dateOfBirth careCircle { id name }
        medications { id name dosage scheduleTimes supplyRemaining refillThreshold nextDoseAt stoppedAt logs(first: 5) { edges { cursor node { id status note loggedAt loggedBy { displayName } medication { name } } } pageInfo { hasNextPage endCursor } } }
        appointments(first: 5) { edges { node { id title startsAt location status bill { id amountCents currency status payments { status } } booking { status } } } pageInfo { hasNextPage } }
        emergencyAlerts { id message status raisedBy { displayName } raisedAt resolvedBy { displayName } resolvedAt }
        timeline(first: 50) { edges { node { id kind text author { displayName } createdAt } } pageInfo { hasNextPage } }
      } }`,
      { id: recipientId },
      users.viewer.token,
    );
    expect(careRecipient.medications).toHaveLength(2);
    // The seed's reminders: each medication's next dose is scheduled, in the future.
    for (const medication of careRecipient.medications) {
      expect(medication.stoppedAt).toBeNull();
      expect(Date.parse(medication.nextDoseAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(careRecipient.medications.flatMap((m: Loose) => m.logs.edges).map((e: Loose) => e.node.loggedBy.displayName)).toContain('Ben');
    expect(careRecipient.emergencyAlerts[0]).toMatchObject({ status: 'RESOLVED', raisedBy: { displayName: 'Ben' }, resolvedBy: { displayName: 'Anna' } });
    expect(careRecipient.timeline.edges.length).toBeGreaterThanOrEqual(8);
    const appointment = careRecipient.appointments.edges[0].node;
    expect(appointment).toMatchObject({ status: 'CONFIRMED', bill: { amountCents: 12000, status: 'PAID', payments: [{ status: 'SUCCEEDED' }] }, booking: { status: 'COMPLETED' } });

    const { appointment: same } = await gql('query($id: ID!) { appointment(id: $id) { id title careRecipient { name } } }', { id: appointment.id }, users.caregiver.token);
    expect(same.careRecipient.name).toBe('Rose');
    const { bill } = await gql('query($id: ID!) { bill(id: $id) { id status careCircle { name } appointment { title } } }', { id: appointment.bill.id }, users.owner.token);
    expect(bill).toMatchObject({ status: 'PAID', careCircle: { name: 'Grandma Rose' }, appointment: { title: 'Geriatrician check-up' } });

    // The viewer is welcomed and told of the emergency alert (every member, CRITICAL); nothing else.
    const myNotifications = await eventually(async () => {
      const { myNotifications: page } = await gql('{ myNotifications(first: 10, unreadOnly: true) { edges { node { id title priority channels eventType recipient { displayName } } } } }', {}, users.viewer.token);
      expect(page.edges.map((e: Loose) => e.node.eventType).sort()).toEqual(['care_circle.member_added', 'emergency.alert.created']);
      return page;
    }, 20000);
    const alert = myNotifications.edges.find((e: Loose) => e.node.eventType === 'emergency.alert.created');
    expect(alert.node).toMatchObject({ priority: 'CRITICAL', channels: ['IN_APP', 'EMAIL', 'PUSH', 'SMS'], recipient: { displayName: 'Carla' } });
    const { markNotificationRead } = await gql('mutation($id: ID!) { markNotificationRead(id: $id) { id readAt } }', { id: alert.node.id }, users.viewer.token);
    expect(markNotificationRead.readAt).toEqual(expect.any(String));
    const { markAllNotificationsRead } = await gql('mutation { markAllNotificationsRead }', {}, users.owner.token);
    expect(markAllNotificationsRead).toBeGreaterThanOrEqual(3); // alert, skipped dose, refill, confirmation
    const { myNotifications: unread } = await gql('{ myNotifications(unreadOnly: true) { edges { cursor } } }', {}, users.owner.token);
    expect(unread.edges).toEqual([]);
  });

  it('runs every remaining mutation field', async () => {
    const { signUp } = await gql('mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }', { i: { email: `dora-${Date.now()}@example.com`, password: 'correct horse battery', displayName: 'Dora' } });
    const { updateProfile } = await gql('mutation { updateProfile(input: { displayName: "Dora D." }) { displayName } }', {}, signUp.token);
    expect(updateProfile.displayName).toBe('Dora D.');
    const { createCareCircle } = await gql('mutation { createCareCircle(input: { name: "Dad" }) { id } }', {}, signUp.token);
    // Membership is consent: invite, then the invitee finds it in myInvitations and accepts.
    const invite = async (email: string, role: string) =>
      (await gql('mutation($i: InviteMemberInput!) { inviteMember(input: $i) { id role expiresAt careCircle { name } invitedBy { displayName } } }', { i: { careCircleId: createCareCircle.id, email, role } }, signUp.token)).inviteMember;
    const invitation = await invite(users.caregiver.email, 'FAMILY');
    expect(invitation).toMatchObject({ role: 'FAMILY', careCircle: { name: 'Dad' }, invitedBy: { displayName: 'Dora D.' } });
    const { myInvitations } = await gql('{ myInvitations { id role careCircle { id name } } }', {}, users.caregiver.token);
    expect(myInvitations).toContainEqual({ id: invitation.id, role: 'FAMILY', careCircle: { id: createCareCircle.id, name: 'Dad' } });
    const { acceptInvitation } = await gql('mutation($id: ID!) { acceptInvitation(id: $id) { role user { id } } }', { id: invitation.id }, users.caregiver.token);
    expect(acceptInvitation).toEqual({ role: 'FAMILY', user: { id: users.caregiver.id } });
    const declinedInvitation = await invite(users.viewer.email, 'VIEWER');
    expect(await gql('mutation($id: ID!) { declineInvitation(id: $id) }', { id: declinedInvitation.id }, users.viewer.token)).toEqual({ declineInvitation: true });
    const { addCareRecipient } = await gql('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', { i: { careCircleId: createCareCircle.id, name: 'Dad' } }, signUp.token);
    const { addMedication } = await gql('mutation($i: AddMedicationInput!) { addMedication(input: $i) { id } }', { i: { careRecipientId: addCareRecipient.id, name: 'Aspirin', dosage: '75 mg', scheduleTimes: ['09:00'], supplyRemaining: 1, refillThreshold: 0 } }, signUp.token);
    const { logMedication } = await gql('mutation($i: LogMedicationInput!) { logMedication(input: $i) { status medication { supplyRemaining } } }', { i: { medicationId: addMedication.id, status: 'GIVEN' } }, users.caregiver.token);
    expect(logMedication.medication.supplyRemaining).toBe(0);
    const { startShift } = await gql('mutation($r: ID!) { startShift(careRecipientId: $r) { id caregiver { displayName } startedAt endedAt } }', { r: addCareRecipient.id }, users.caregiver.token);
    expect(startShift.caregiver.displayName).toBe('Ben');
    const { endShift } = await gql('mutation($id: ID!) { endShift(id: $id) { endedAt } }', { id: startShift.id }, users.caregiver.token);
    expect(endShift.endedAt).toEqual(expect.any(String));
    const { raiseEmergencyAlert } = await gql('mutation($i: RaiseEmergencyAlertInput!) { raiseEmergencyAlert(input: $i) { id status } }', { i: { careRecipientId: addCareRecipient.id, message: 'Chest pain' } }, signUp.token);
    const { resolveEmergencyAlert } = await gql('mutation($id: ID!) { resolveEmergencyAlert(id: $id) { status } }', { id: raiseEmergencyAlert.id }, signUp.token);
    expect(resolveEmergencyAlert.status).toBe('RESOLVED');
    // The booking saga: a declined card leaves the booking open, another card confirms it;
    // (compensation at the deadline is in consumers.e2e, at the last allowed decline in the saga's tests).
    const startsAt = new Date(Date.now() + 86400000).toISOString();
    const schedule = async (title: string) =>
      (await gql('mutation($i: ScheduleAppointmentInput!) { scheduleAppointment(input: $i) { id status } }', { i: { careRecipientId: addCareRecipient.id, title, startsAt, feeCents: 5000 } }, signUp.token)).scheduleAppointment;
    const appointmentState = async (id: string) =>
      (await gql('query($id: ID!) { appointment(id: $id) { status cancellationReason bill { id status amountCents } booking { status step history { name outcome } } } }', { id }, signUp.token)).appointment;
    const billOf = (id: string) => eventually(async () => {
      const { bill } = await appointmentState(id);
      expect(bill).toMatchObject({ status: 'PENDING', amountCents: 5000 });
      return bill;
    }, 20000);

    const declinedAppointment = await schedule('Cardiology');
    expect(declinedAppointment.status).toBe('REQUESTED');
    const declinedBill = await billOf(declinedAppointment.id);
    const declined = await gql('mutation($i: PayBillInput!) { payBill(input: $i) { status failureReason bill { status } } }', { i: { billId: declinedBill.id, paymentMethod: 'pm_card_declined' } }, signUp.token);
    expect(declined.payBill).toEqual({ status: 'FAILED', failureReason: 'card_declined', bill: { status: 'FAILED' } });
    await eventually(async () => {
      const state = await appointmentState(declinedAppointment.id);
      expect(state).toMatchObject({ status: 'REQUESTED', bill: { status: 'FAILED' }, booking: { status: 'RUNNING', step: 'awaiting_payment' } });
      expect(state.booking.history).toContainEqual({ name: 'payment', outcome: expect.stringMatching(/^declined: card_declined/) });
    }, 20000);
    await eventually(async () => {
      const { myNotifications } = await gql('{ myNotifications(first: 20) { edges { node { eventType } } } }', {}, signUp.token);
      expect(myNotifications.edges.map((e: Loose) => e.node.eventType)).toContain('payment.failed');
    }, 20000);
    const retried = await gql('mutation($i: PayBillInput!) { payBill(input: $i) { status bill { status } } }', { i: { billId: declinedBill.id, paymentMethod: 'pm_card_ok' } }, signUp.token);
    expect(retried.payBill).toEqual({ status: 'SUCCEEDED', bill: { status: 'PAID' } });
    await eventually(async () => {
      expect(await appointmentState(declinedAppointment.id)).toMatchObject({ status: 'CONFIRMED', bill: { status: 'PAID' }, booking: { status: 'COMPLETED' } });
    }, 20000);

    const paidAppointment = await schedule('Dermatology');
    const paidBill = await billOf(paidAppointment.id);
    const paid = await gql('mutation($i: PayBillInput!) { payBill(input: $i) { status bill { status } } }', { i: { billId: paidBill.id, paymentMethod: 'pm_card_ok' } }, signUp.token);
    expect(paid.payBill).toEqual({ status: 'SUCCEEDED', bill: { status: 'PAID' } });
    await eventually(async () => {
      expect(await appointmentState(paidAppointment.id)).toMatchObject({ status: 'CONFIRMED', bill: { status: 'PAID' }, booking: { status: 'COMPLETED', step: 'confirmed' } });
    }, 20000);

    const cancelled = await schedule('Physiotherapy');
    const { cancelAppointment } = await gql('mutation($id: ID!) { cancelAppointment(id: $id, reason: "Feeling better") { status cancellationReason } }', { id: cancelled.id }, signUp.token);
    expect(cancelAppointment).toEqual({ status: 'CANCELLED', cancellationReason: 'Feeling better' });

    // Removal: the OWNER removes a member, a member leaves; either is refused at once after.
    const rejoined = await invite(users.viewer.email, 'VIEWER');
    await gql('mutation($id: ID!) { acceptInvitation(id: $id) { role } }', { id: rejoined.id }, users.viewer.token);
    expect(await gql('mutation($c: ID!) { leaveCareCircle(careCircleId: $c) }', { c: createCareCircle.id }, users.viewer.token)).toEqual({ leaveCareCircle: true });
    expect(await gql('mutation($c: ID!, $u: ID!) { removeMember(careCircleId: $c, userId: $u) }', { c: createCareCircle.id, u: users.caregiver.id }, signUp.token)).toEqual({ removeMember: true });
    for (const removed of [users.caregiver, users.viewer]) {
      expect(await codeOf('query($id: ID!) { careRecipient(id: $id) { name } }', { id: addCareRecipient.id }, removed.token)).toBe('FORBIDDEN');
    }
    expect(await codeOf('mutation($c: ID!) { leaveCareCircle(careCircleId: $c) }', { c: createCareCircle.id }, signUp.token)).toBe('ILLEGAL_STATE');
  });

  it('refuses outsiders, viewers, non-owners and anonymous callers with stable codes', async () => {
    const { signUp: outsider } = await gql('mutation($i: SignUpInput!) { signUp(input: $i) { token } }', { i: { email: `eve-${Date.now()}@example.com`, password: 'correct horse battery', displayName: 'Eve' } });
    expect(await codeOf('query($id: ID!) { careRecipient(id: $id) { name } }', { id: recipientId }, outsider.token)).toBe('FORBIDDEN');
    expect(await codeOf('query($id: ID!) { careCircle(id: $id) { name } }', { id: circleId }, outsider.token)).toBe('FORBIDDEN');
    expect(await codeOf('query($f: AuditFilter!) { auditLog(filter: $f) { edges { cursor } } }', { f: { careCircleId: circleId } }, users.caregiver.token)).toBe('FORBIDDEN');
    expect(await codeOf('mutation($i: InviteMemberInput!) { inviteMember(input: $i) { id } }', { i: { careCircleId: circleId, email: 'someone@example.com', role: 'OWNER' } }, users.caregiver.token)).toBe('FORBIDDEN');
    expect(await codeOf('mutation($i: InviteMemberInput!) { inviteMember(input: $i) { id } }', { i: { careCircleId: circleId, email: 'someone@example.com', role: 'VIEWER' } }, users.viewer.token)).toBe('FORBIDDEN');
    expect(await codeOf('mutation($c: ID!, $u: ID!) { removeMember(careCircleId: $c, userId: $u) }', { c: circleId, u: users.owner.id }, users.caregiver.token)).toBe('FORBIDDEN');
    expect(await codeOf('mutation($i: RaiseEmergencyAlertInput!) { raiseEmergencyAlert(input: $i) { id } }', { i: { careRecipientId: recipientId, message: 'x' } }, users.viewer.token)).toBe('FORBIDDEN');
    expect(await codeOf('mutation { createCareCircle(input: { name: "x" }) { id } }', {})).toBe('UNAUTHENTICATED');
    // Brute force: past LOGIN_MAX_FAILURES_PER_ACCOUNT (5) even the right password waits, retryAfter in seconds.
    const logIn = (password: string) => call('mutation($i: LogInInput!) { logIn(input: $i) { token } }', { i: { email: users.viewer.email, password } });
    for (let i = 0; i < 5; i++) expect((await logIn(`wrong ${i}`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await logIn('caregraph-demo')).errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfter: expect.any(Number) });
    expect(await codeOf('{ myNotifications { edges { cursor } } }', {})).toBe('UNAUTHENTICATED');
    expect(await codeOf('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', { i: { careCircleId: circleId, name: '   ' } }, users.owner.token)).toBe('BAD_USER_INPUT');
  });
});
