import { Writable } from 'node:stream';
import pino from 'pino';
import { NotificationChannel } from '../notifications/NotificationChannel';
import { Priority } from '../notifications/Priority';
import { createEmailAdapter, messageIdOf } from './createEmailAdapter';

describe('createEmailAdapter without SMTP (development)', () => {
  const saved = process.env.SMTP_URL;
  beforeEach(() => delete process.env.SMTP_URL);
  afterAll(() => {
    if (saved !== undefined) process.env.SMTP_URL = saved;
  });

  it('renders the mail with nodemailer and logs it instead of sending', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => { lines.push(JSON.parse(chunk.toString())); done(); } });
    const adapter = createEmailAdapter({ from: 'CareGraph <care@example.org>', logger: pino({ level: 'info' }, sink) });
    expect(adapter.channel).toBe(NotificationChannel.EMAIL);

    await adapter.send({ to: { userId: 'u-1', email: 'ada@example.org', displayName: 'Ada' }, title: 'Emergency alert', body: 'Rose fell', priority: Priority.CRITICAL, notificationId: 'n-1', eventId: 'e-1' });
    await adapter.close?.();

    expect(lines[0]).toMatchObject({ msg: 'SMTP_URL is not set: emails are logged, not sent' });
    const logged = lines.find((line) => line.msg === 'email (log transport)')!;
    expect(logged).toMatchObject({ notificationId: 'n-1', userId: 'u-1' });
    const mail = JSON.parse(logged.mail as string);
    expect(mail).toMatchObject({ subject: 'URGENT: Emergency alert', messageId: messageIdOf({ eventId: 'e-1', to: { userId: 'u-1', email: '', displayName: '' } }), from: { address: 'care@example.org' }, to: [{ address: 'ada@example.org', name: 'Ada' }] });
    expect(mail.text).toContain('Rose fell');
  });

  it('derives the Message-ID from event and recipient, so every attempt carries the same one', () => {
    const to = (userId: string) => ({ userId, email: 'x@example.org', displayName: 'X' });
    expect(messageIdOf({ eventId: 'e-1', to: to('u-1') })).toMatch(/^<[0-9a-f]{32}@notifications\.caregraph>$/);
    expect(messageIdOf({ eventId: 'e-1', to: to('u-1') })).toBe(messageIdOf({ eventId: 'e-1', to: to('u-1') }));
    expect(messageIdOf({ eventId: 'e-1', to: to('u-2') })).not.toBe(messageIdOf({ eventId: 'e-1', to: to('u-1') }));
  });
});
