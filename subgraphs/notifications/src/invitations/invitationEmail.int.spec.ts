import { randomUUID } from 'node:crypto';
import { createCloudEvent, type CloudEvent } from '@caregraph/shared';
import { asGateway } from '@caregraph/testing';
import { RecordingAdapter, startConsumerHarness, type Circle, type ConsumerHarness, type Member } from '../__tests__/consumerHarness';
import { createEmailAdapter } from '../channels/createEmailAdapter';
import { notificationsConsumer, type NotificationsConsumer } from '../consumer/notificationsConsumer';
import { NotificationChannel } from '../notifications/NotificationChannel';

/** The consumer with identity's real invitation and removal events: what reaches people who are not members. */
describe('notifications for invitees and removed members', () => {
  let h: ConsumerHarness;
  let circle: Circle;
  let consumer: NotificationsConsumer;
  const push = new RecordingAdapter(NotificationChannel.PUSH);
  const sms = new RecordingAdapter(NotificationChannel.SMS);

  beforeAll(async () => {
    h = await startConsumerHarness('notifications_invitations');
    circle = await h.circle();
    consumer = notificationsConsumer({ em: h.orm.em, adapters: [createEmailAdapter({ smtpUrl: h.smtp.url }), push, sms] });
  });
  afterAll(async () => {
    await consumer?.close();
    await h?.close();
  });

  async function identityRequest(query: string, variables: Record<string, unknown>, token: string) {
    const response = await fetch(h.identity.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await asGateway()), authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const result = (await response.json()) as { data?: Record<string, { id: string }>; errors?: unknown[] };
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data;
  }
  const invite = (email: string, role = 'FAMILY') =>
    identityRequest('mutation($input: InviteMemberInput!) { inviteMember(input: $input) { id } }', { input: { careCircleId: circle.id, email, role } }, circle.owner.token);

  async function lastEvent(type: string, field: string, value: string): Promise<CloudEvent> {
    const { rows } = await h.db.query(`select payload from identity.outbox where event_type = $1 and payload->'data'->>'${field}' = $2 order by sequence desc limit 1`, [type, value]);
    return rows[0].payload as CloudEvent;
  }
  const rowsFor = async (event: CloudEvent) => (await h.db.query('select recipient_id from notifications.notification where event_id = $1', [event.id])).rows;
  /** The text with quoted-printable soft line breaks undone. */
  const textOf = (mail: { raw: string }) => mail.raw.replace(/=\r?\n/g, '');
  const pushedOrTexted = (event: CloudEvent) => [...push.sent, ...sms.sent].filter((delivery) => delivery.eventId === event.id);

  it('invites an unknown address to sign up, by email only', async () => {
    const email = `stranger-${randomUUID().slice(0, 8)}@example.org`;
    await invite(email, 'CAREGIVER');
    const event = await lastEvent('care_circle.invitation_created', 'email', email);
    expect(consumer.bindings).toContain('care_circle.invitation_created');

    await h.handle(consumer, event);
    const mails = h.smtp.to(email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Join Grandma Rose on CareGraph');
    expect(textOf(mails[0])).toMatch(/Olivia invited you/);
    expect(textOf(mails[0])).toMatch(/Sign up with this address/);
    expect(textOf(mails[0])).toContain('as CAREGIVER');
    expect(await rowsFor(event)).toEqual([]);
    expect(pushedOrTexted(event)).toEqual([]);
  });

  it('tells a user with an account they were invited, by email only', async () => {
    const known = await h.signUp('Kim');
    await invite(known.email);
    const event = await lastEvent('care_circle.invitation_created', 'email', known.email);

    await h.handle(consumer, event);
    const mails = h.smtp.to(known.email);
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('You were invited to Grandma Rose');
    expect(textOf(mails[0])).toContain('Hello Kim');
    expect(textOf(mails[0])).toMatch(/open your invitations to accept or decline/);
    expect(await rowsFor(event)).toEqual([]);
    expect(pushedOrTexted(event)).toEqual([]);
    expect(await h.myNotifications(known.token)).toEqual([]);
  });

  it('tells neither a pending invitee nor a removed member about the circle’s emergencies', async () => {
    const invitee = await h.signUp('Ivy');
    await invite(invitee.email);
    const leaver: Member = await h.signUp('Leo');
    await h.addMember(circle, leaver, 'FAMILY');
    await identityRequest('mutation($c: ID!, $u: ID!) { removeMember(careCircleId: $c, userId: $u) }', { c: circle.id, u: leaver.id }, circle.owner.token);

    const alert = createCloudEvent({
      type: 'emergency.alert.created',
      source: '/caregraph/care',
      subject: randomUUID(),
      careCircleId: circle.id,
      causedBy: circle.caregiver.id,
      data: { alertId: randomUUID(), message: 'Fell on the stairs' },
    });
    await h.handle(consumer, alert);
    const recipients = (await rowsFor(alert)).map((row) => row.recipient_id).sort();
    // The caregiver raised it: the other current members are told.
    expect(recipients).toEqual([circle.owner.id, circle.family.id, circle.viewer.id].sort());
    for (const outsider of [invitee, leaver]) {
      expect(h.smtp.to(outsider.email).filter((mail) => /emergency/i.test(mail.subject))).toEqual([]);
      expect([...push.sent, ...sms.sent].filter((delivery) => delivery.to.userId === outsider.id)).toEqual([]);
      expect(await h.myNotifications(outsider.token)).toEqual([]);
    }
  });

  it('does not welcome a member who was removed before the event was handled, nor tell anyone about the removal', async () => {
    const brief = await h.signUp('Bree');
    await h.addMember(circle, brief, 'VIEWER');
    await identityRequest('mutation($c: ID!) { leaveCareCircle(careCircleId: $c) }', { c: circle.id }, brief.token);
    const added = await lastEvent('care_circle.member_added', 'userId', brief.id);
    const removed = await lastEvent('care_circle.member_removed', 'userId', brief.id);
    const before = h.smtp.received.length;

    await h.handle(consumer, added);
    await h.handle(consumer, removed);
    expect(await rowsFor(added)).toEqual([]);
    expect(await rowsFor(removed)).toEqual([]);
    expect(h.smtp.received.length).toBe(before);
  });
});
