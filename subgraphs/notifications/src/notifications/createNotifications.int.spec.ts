import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { sampleEvent, startNotificationsHarness, type NotificationsHarness } from '../__tests__/notificationsHarness';
import { createNotifications } from './createNotifications';
import { NotificationChannel } from './NotificationChannel';
import { Priority } from './Priority';

describe('createNotifications (the writer the notifications consumer calls)', () => {
  let harness: NotificationsHarness;

  beforeAll(async () => {
    harness = await startNotificationsHarness('notifications_writer');
  });
  afterAll(() => harness?.close());

  const countsFor = async (eventId: string) => {
    const notifications = await harness.db.query('select count(*)::int as n from notifications.notification where event_id = $1', [eventId]);
    const outbox = await harness.db.query("select count(*)::int as n from notifications.outbox where payload->>'causationid' = $1", [eventId]);
    return { notifications: notifications.rows[0].n, outbox: outbox.rows[0].n };
  };

  it('creates one notification per recipient and records notification.created for each', async () => {
    const event = sampleEvent({ traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
    const [alice, bob] = [randomUUID(), randomUUID()];
    const otherCircle = randomUUID();
    const created = await harness.notify({ event, recipients: [{ userId: alice }, { userId: bob, careCircleId: otherCircle }, { userId: alice }] });

    expect(created.map((n) => n.recipientId).sort()).toEqual([alice, bob].sort());
    const aliceRow = created.find((n) => n.recipientId === alice)!;
    expect(aliceRow).toMatchObject({ careCircleId: event.carecircleid, title: 'Emergency', body: 'Rose needs help', priority: 'CRITICAL', channels: ['IN_APP', 'EMAIL'], eventId: event.id, eventType: event.type, readAt: null });
    expect(created.find((n) => n.recipientId === bob)!.careCircleId).toBe(otherCircle);

    const stored = await harness.db.query('select recipient_id, channels, priority from notifications.notification where event_id = $1 order by recipient_id', [event.id]);
    expect(stored.rows).toEqual([alice, bob].sort().map((id) => ({ recipient_id: id, channels: ['IN_APP', 'EMAIL'], priority: 'CRITICAL' })));

    const outbox = await harness.db.query('select event_type, routing_key, aggregate_type, aggregate_id, correlation_id, payload from notifications.outbox where aggregate_id = $1', [aliceRow.id]);
    expect(outbox.rows).toHaveLength(1);
    const [row] = outbox.rows;
    expect(row).toMatchObject({ event_type: 'notification.created', routing_key: 'notification.created', aggregate_type: 'Notification', correlation_id: event.correlationid });
    expect(row.payload).toMatchObject({
      type: 'notification.created',
      source: '/caregraph/notifications',
      subject: aliceRow.id,
      aggregatetype: 'Notification',
      causationid: event.id,
      correlationid: event.correlationid,
      causedby: event.causedby,
      traceparent: event.traceparent,
      data: { notificationId: aliceRow.id, recipientId: alice, priority: 'CRITICAL', channels: ['IN_APP', 'EMAIL'], eventId: event.id, eventType: event.type },
    });
    // Private to its recipient: no circle (so no circle log or stream), no content.
    expect(row.payload.carecircleid).toBeUndefined();
    expect(JSON.stringify(row.payload)).not.toMatch(/Rose needs help|"title"|"body"/);
  });

  it('returns each new notification with the notification.created the outbox holds for it', async () => {
    const event = sampleEvent();
    const input = { event, recipients: [{ userId: randomUUID() }], title: 'T', body: 'B', priority: Priority.HIGH, channels: [NotificationChannel.IN_APP] };
    const [{ notification, created }] = await (harness.orm.em.fork() as EntityManager).transactional((tx) => createNotifications(tx, input));
    const outbox = await harness.db.query('select id, payload from notifications.outbox where aggregate_id = $1', [notification.id]);
    expect(outbox.rows).toEqual([{ id: created.id, payload: JSON.parse(JSON.stringify(created)) }]);
    expect(created).toMatchObject({ type: 'notification.created', data: { notificationId: notification.id, recipientId: notification.recipientId } });
  });

  it('creates nothing more and records no second event when the same event comes again', async () => {
    const event = sampleEvent();
    const [alice, bob] = [randomUUID(), randomUUID()];
    expect(await harness.notify({ event, recipients: [{ userId: alice }] })).toHaveLength(1);
    expect(await harness.notify({ event, recipients: [{ userId: alice }] })).toEqual([]);
    // A redelivery that also names a new recipient notifies only the new one.
    const again = await harness.notify({ event, recipients: [{ userId: alice }, { userId: bob }] });
    expect(again.map((n) => n.recipientId)).toEqual([bob]);
    expect(await countsFor(event.id)).toEqual({ notifications: 2, outbox: 2 });
  });

  it('notifies each recipient once when two deliveries of one event race', async () => {
    const event = sampleEvent();
    const recipients = [{ userId: randomUUID() }, { userId: randomUUID() }];
    const results = await Promise.all([harness.notify({ event, recipients }), harness.notify({ event, recipients })]);
    expect(results.flat()).toHaveLength(2);
    expect(await countsFor(event.id)).toEqual({ notifications: 2, outbox: 2 });
  });

  it('leaves neither notifications nor outbox rows when the caller’s transaction fails', async () => {
    const event = sampleEvent();
    const em = harness.orm.em.fork() as EntityManager;
    await expect(
      em.transactional(async (tx) => {
        const created = await createNotifications(tx, { event, recipients: [{ userId: randomUUID() }], title: 'T', body: 'B', priority: Priority.HIGH, channels: [NotificationChannel.IN_APP] });
        expect(created).toHaveLength(1);
        await tx.flush();
        throw new Error('the consumer failed after writing');
      }),
    ).rejects.toThrow('the consumer failed after writing');
    expect(await countsFor(event.id)).toEqual({ notifications: 0, outbox: 0 });
  });

  it('refuses to run outside a transaction and rejects invalid input', async () => {
    const base = { event: sampleEvent(), recipients: [{ userId: randomUUID() }], title: 'T', body: 'B', priority: Priority.NORMAL, channels: [NotificationChannel.IN_APP] };
    await expect(createNotifications(harness.orm.em.fork() as EntityManager, base)).rejects.toMatchObject({ code: 'ILLEGAL_STATE' });
    const cases: [Record<string, unknown>, string][] = [
      [{ recipients: [{ userId: 'not-a-uuid' }] }, 'recipients.userId'],
      [{ title: '  ' }, 'title'],
      [{ channels: [] }, 'channels'],
      [{ channels: ['FAX'] }, 'channels'],
      [{ priority: 'URGENT' }, 'priority'],
    ];
    for (const [override, field] of cases) {
      await expect(harness.notify({ ...base, ...override } as never)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: { field } });
    }
    expect(await countsFor(base.event.id)).toEqual({ notifications: 0, outbox: 0 });
  });
});
