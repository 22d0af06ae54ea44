import { createCloudEvent, PermanentError, type AfterCommit, type CloudEvent } from '@caregraph/shared';
import { randomUUID } from 'node:crypto';
import { RecordingAdapter, startConsumerHarness, type Circle, type ConsumerHarness } from '../__tests__/consumerHarness';
import { startSmtpSink } from '@caregraph/testing';
import { createEmailAdapter } from '../channels/createEmailAdapter';
import { NotificationChannel } from '../notifications/NotificationChannel';
import { DeliveryFailedError } from './DeliveryFailedError';
import { notificationsConsumer, type NotificationsConsumer } from './notificationsConsumer';

const careEvent = (circle: Circle, type: string, data: Record<string, unknown>, causedBy = circle.caregiver.id): CloudEvent =>
  createCloudEvent({ type, source: '/caregraph/care', subject: randomUUID(), careCircleId: circle.id, causedBy, correlationId: `req-${randomUUID()}`, data });

describe('notificationsConsumer (rules → rows, outbox events and deliveries)', () => {
  let h: ConsumerHarness;
  let circle: Circle;
  let consumer: NotificationsConsumer;
  const push = new RecordingAdapter(NotificationChannel.PUSH);
  const sms = new RecordingAdapter(NotificationChannel.SMS);

  beforeAll(async () => {
    h = await startConsumerHarness('notifications_consumer');
    circle = await h.circle();
    consumer = notificationsConsumer({ em: h.orm.em, adapters: [createEmailAdapter({ smtpUrl: h.smtp.url, from: 'CareGraph <care@example.org>' }), push, sms] });
  });
  afterAll(async () => {
    await consumer?.close();
    await h?.close();
  });

  const recipientsOf = async (event: CloudEvent) =>
    (await h.db.query('select recipient_id from notifications.notification where event_id = $1 order by recipient_id', [event.id])).rows.map((row) => row.recipient_id);
  /** The mails of this event's notifications (by their notification-id header). */
  const mailsFor = async (event: CloudEvent) => {
    const { rows } = await h.db.query('select id from notifications.notification where event_id = $1', [event.id]);
    const ids = new Set(rows.map((row) => row.id));
    return h.smtp.received.filter((mail) => ids.has(mail.notificationId));
  };
  const sorted = (...ids: string[]) => [...ids].sort();

  it('is the notifications.domain role with its inbox in the notifications schema, bound to the rules’ event types', () => {
    expect(consumer).toMatchObject({ name: 'notifications', queue: 'notifications.domain', inboxSchema: 'notifications' });
    expect(consumer.bindings).toEqual(expect.arrayContaining(['emergency.alert.created', 'medication.logged', 'payment.failed', 'care_circle.member_added']));
  });

  it('tells every member but the one who raised it about an emergency alert, on every channel', async () => {
    const event = careEvent(circle, 'emergency.alert.created', { alertId: randomUUID(), message: 'Rose fell in the kitchen', status: 'ACTIVE' });
    await h.handle(consumer, event);

    // circle.caregiver raised it (careEvent's actor): they get nothing, by any channel.
    expect(h.smtp.to(circle.caregiver.email)).toHaveLength(0);
    const everyone = [circle.owner, circle.family, circle.viewer];
    expect(await recipientsOf(event)).toEqual(sorted(...everyone.map((m) => m.id)));
    for (const member of everyone) {
      const mails = h.smtp.to(member.email);
      expect(mails).toHaveLength(1);
      expect(mails[0].subject).toContain('Emergency alert');
      expect(mails[0].raw).toContain('Rose fell in the kitchen');
    }
    expect(push.sent.map((d) => d.to.userId).sort()).toEqual(sorted(...everyone.map((m) => m.id)));
    expect(sms.sent.filter((d) => d.priority === 'CRITICAL')).toHaveLength(3);

    // The IN_APP row is what the family member sees over HTTP.
    const seen = await h.myNotifications(circle.family.token);
    expect(seen).toContainEqual({ title: 'Emergency alert', body: 'Rose fell in the kitchen', priority: 'CRITICAL', channels: ['IN_APP', 'EMAIL', 'PUSH', 'SMS'], eventId: event.id });

    // One notification.created per new notification, caused by the alert.
    const outbox = await h.db.query("select payload from notifications.outbox where event_type = 'notification.created' and payload->>'causationid' = $1", [event.id]);
    expect(outbox.rows.map((row) => row.payload.data.recipientId).sort()).toEqual(sorted(...everyone.map((m) => m.id)));
    expect(outbox.rows[0].payload).toMatchObject({ correlationid: event.correlationid, data: { eventType: 'emergency.alert.created', priority: 'CRITICAL' } });
    expect(outbox.rows[0].payload.carecircleid).toBeUndefined();
  });

  it('handles the same event twice without new rows, outbox events or a second email', async () => {
    const event = careEvent(circle, 'emergency.alert.created', { message: 'Second alert' });
    await h.handle(consumer, event);
    const mailCount = h.smtp.received.length;
    const pushCount = push.sent.length;
    await h.handle(consumer, event);

    expect(h.smtp.received).toHaveLength(mailCount);
    expect(await mailsFor(event)).toHaveLength(3);
    expect(push.sent).toHaveLength(pushCount);
    expect(await recipientsOf(event)).toHaveLength(3);
    const outbox = await h.db.query("select count(*)::int as n from notifications.outbox where payload->>'causationid' = $1", [event.id]);
    expect(outbox.rows[0].n).toBe(3);
  });

  it("announces each new notification.created on its recipient's channel after commit, and nothing for a redelivery", async () => {
    const calls: { channel: string; payload: unknown }[] = [];
    const live = { namespace: 'ns.', publish: async (channel: string, payload: unknown) => void calls.push({ channel, payload }) };
    const announcing = notificationsConsumer({ em: h.orm.em, adapters: [createEmailAdapter({ smtpUrl: h.smtp.url }), push, sms], live });
    const event = careEvent(circle, 'medication.refill_needed', { medicationId: randomUUID(), supplyRemaining: 1, refillThreshold: 3 });

    const step = await h.handle(announcing, event);
    // Committed, not yet announced.
    expect(await recipientsOf(event)).toEqual(sorted(circle.owner.id, circle.caregiver.id));
    expect(calls).toEqual([]);
    await (step as AfterCommit)();
    const outbox = await h.db.query("select payload from notifications.outbox where event_type = 'notification.created' and payload->>'causationid' = $1", [event.id]);
    const expected = outbox.rows.map(({ payload }) => ({ channel: `ns.caregraph.user.${payload.data.recipientId}`, payload }));
    expect(expected).toHaveLength(2);
    expect(JSON.parse(JSON.stringify(calls))).toEqual(expect.arrayContaining(expected));
    expect(calls).toHaveLength(2);

    expect(await h.handle(announcing, event)).toBeUndefined();
    const unmatched = careEvent(circle, 'shift.started', { shiftId: randomUUID() });
    expect(await h.handle(announcing, unmatched)).toBeUndefined();
    await announcing.close();
  });

  it('tells only the OWNER and CAREGIVERs about a MISSED or SKIPPED dose, and nobody about a GIVEN one', async () => {
    const missed = careEvent(circle, 'medication.logged', { medicationId: randomUUID(), status: 'MISSED', note: 'asleep' });
    const skipped = careEvent(circle, 'medication.logged', { medicationId: randomUUID(), status: 'SKIPPED' });
    const given = careEvent(circle, 'medication.logged', { medicationId: randomUUID(), status: 'GIVEN' });
    const before = h.smtp.received.length;
    for (const event of [missed, skipped, given]) await h.handle(consumer, event);

    expect(await recipientsOf(missed)).toEqual(sorted(circle.owner.id, circle.caregiver.id));
    expect(await recipientsOf(skipped)).toEqual(sorted(circle.owner.id, circle.caregiver.id));
    expect(await recipientsOf(given)).toEqual([]);
    const mails = h.smtp.received.slice(before);
    expect(mails.flatMap((mail) => mail.to).sort()).toEqual(sorted(circle.owner.email, circle.owner.email, circle.caregiver.email, circle.caregiver.email));
    expect(mails.map((mail) => mail.subject).sort()).toEqual(['Medication missed', 'Medication missed', 'Medication skipped', 'Medication skipped']);
  });

  it('tells the OWNER and CAREGIVERs when a refill is needed', async () => {
    const event = careEvent(circle, 'medication.refill_needed', { medicationId: randomUUID(), supplyRemaining: 2, refillThreshold: 3 });
    await h.handle(consumer, event);
    expect(await recipientsOf(event)).toEqual(sorted(circle.owner.id, circle.caregiver.id));
    expect(h.smtp.to(circle.caregiver.email).map((mail) => mail.subject)).toContain('Medication refill needed');
  });

  it('tells only the OWNER about a cancelled or confirmed appointment and a failed payment', async () => {
    const cancelled = careEvent(circle, 'appointment.cancelled', { title: 'Cardiology', startsAt: '2026-12-01T09:00:00.000Z', reason: 'payment failed' }, undefined);
    const confirmed = careEvent(circle, 'appointment.confirmed', { title: 'Dentist', startsAt: '2026-12-02T09:00:00.000Z' });
    const failed = createCloudEvent({ type: 'payment.failed', source: '/caregraph/billing', careCircleId: circle.id, data: { amountCents: 4500, currency: 'EUR', reason: 'card declined' } });
    for (const event of [cancelled, confirmed, failed]) await h.handle(consumer, event);

    for (const event of [cancelled, confirmed, failed]) expect(await recipientsOf(event)).toEqual([circle.owner.id]);
    const ownerSees = await h.myNotifications(circle.owner.token);
    expect(ownerSees).toContainEqual(expect.objectContaining({ eventId: cancelled.id, title: 'Appointment cancelled', priority: 'NORMAL', body: expect.stringContaining('Cardiology') }));
    expect(ownerSees).toContainEqual(expect.objectContaining({ eventId: confirmed.id, title: 'Appointment confirmed', priority: 'NORMAL' }));
    expect(ownerSees).toContainEqual(expect.objectContaining({ eventId: failed.id, title: 'Payment failed', priority: 'HIGH', body: '45.00 EUR could not be charged: card declined' }));
    expect(h.smtp.to(circle.owner.email).map((mail) => mail.subject)).toEqual(expect.arrayContaining(['Appointment cancelled', 'Appointment confirmed', 'Payment failed']));
    expect(h.smtp.to(circle.family.email).map((mail) => mail.subject)).not.toContain('Payment failed');
  });

  it('welcomes a new member by email, from identity’s own care_circle.member_added event', async () => {
    const newcomer = await h.signUp('Nina');
    await h.addMember(circle, newcomer, 'FAMILY');
    const { rows } = await h.db.query("select payload from identity.outbox where event_type = 'care_circle.member_added' and payload->'data'->>'userId' = $1", [newcomer.id]);
    const event = rows[0].payload as CloudEvent;

    await h.handle(consumer, event);
    expect(await recipientsOf(event)).toEqual([newcomer.id]);
    const [mail] = h.smtp.to(newcomer.email);
    expect(mail.subject).toBe('Welcome to your care circle');
    expect(mail.raw).toContain('Nina');
    expect(mail.raw).toContain('as FAMILY');
  });

  it('does nothing for an event no rule matches', async () => {
    const before = { mails: h.smtp.received.length, push: push.sent.length };
    const event = careEvent(circle, 'shift.started', { shiftId: randomUUID() });
    await h.handle(consumer, event);
    expect(await recipientsOf(event)).toEqual([]);
    expect({ mails: h.smtp.received.length, push: push.sent.length }).toEqual(before);
  });

  it('dead-letters (PermanentError) a member_added without a user id', async () => {
    const event = careEvent(circle, 'care_circle.member_added', { careCircleId: circle.id, role: 'FAMILY' });
    await expect(h.handle(consumer, event)).rejects.toBeInstanceOf(PermanentError);
  });

  it('throws when the SMTP server is down and commits nothing; the retry then delivers', async () => {
    const down = await startSmtpSink();
    await down.stop();
    const failing = notificationsConsumer({ em: h.orm.em, adapters: [createEmailAdapter({ smtpUrl: down.url }), new RecordingAdapter(NotificationChannel.PUSH)] });
    const event = careEvent(circle, 'medication.logged', { medicationId: randomUUID(), status: 'MISSED' });

    await expect(h.handle(failing, event)).rejects.toBeInstanceOf(DeliveryFailedError);
    expect(await recipientsOf(event)).toEqual([]);
    const outbox = await h.db.query("select count(*)::int as n from notifications.outbox where payload->>'causationid' = $1", [event.id]);
    expect(outbox.rows[0].n).toBe(0);

    // The runtime's retry, once mail works again: rows, events and mails all happen.
    await h.handle(consumer, event);
    expect(await recipientsOf(event)).toEqual(sorted(circle.owner.id, circle.caregiver.id));
    expect((await mailsFor(event)).flatMap((mail) => mail.to).sort()).toEqual(sorted(circle.owner.email, circle.caregiver.email));
    await failing.close();
  });
});
