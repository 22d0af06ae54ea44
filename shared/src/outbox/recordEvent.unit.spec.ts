import type { EntityManager } from '@mikro-orm/core';
import { OutboxMessage } from './OutboxMessage';
import { recordEvent } from './recordEvent';

/** A stand-in for the unit of work that only records what would be persisted. */
function recordingEntityManager() {
  const persisted: unknown[] = [];
  const em = {
    create: (entity: new () => object, data: object) => Object.assign(new entity(), data),
    persist: (entity: unknown) => persisted.push(entity),
    flush: () => {
      throw new Error('recordEvent must not flush: the caller’s transaction does');
    },
  };
  return { em: em as unknown as EntityManager, persisted };
}

describe('recordEvent (the outbox writer)', () => {
  it('persists one PENDING outbox row carrying the CloudEvent, routed by its type', () => {
    const { em, persisted } = recordingEntityManager();
    const event = recordEvent(
      em,
      '/caregraph/care',
      { type: 'medication.logged', aggregateType: 'Medication', aggregateId: 'med-1', careCircleId: 'circle-1', data: { logId: 'log-1' } },
      { causedBy: 'user-1', correlationId: 'req-1', traceparent: '00-abc-def-01' },
    );
    expect(persisted).toHaveLength(1);
    const row = persisted[0] as OutboxMessage;
    expect(row).toBeInstanceOf(OutboxMessage);
    expect(row).toMatchObject({
      id: event.id,
      eventType: 'medication.logged',
      routingKey: 'medication.logged',
      exchange: 'domain.events',
      status: 'PENDING',
      retryCount: 0,
      aggregateType: 'Medication',
      aggregateId: 'med-1',
      correlationId: 'req-1',
      causedBy: 'user-1',
      traceparent: '00-abc-def-01',
    });
    expect(row.payload).toEqual(event);
    expect(event).toMatchObject({
      source: '/caregraph/care',
      subject: 'med-1',
      carecircleid: 'circle-1',
      causedby: 'user-1',
      correlationid: 'req-1',
      aggregatetype: 'Medication',
      data: { logId: 'log-1' },
    });
  });

  it('holds a scheduled event back until its availableAt', () => {
    const { em, persisted } = recordingEntityManager();
    const at = new Date(Date.now() + 60_000);
    recordEvent(em, '/caregraph/care', { type: 'medication.due', aggregateType: 'Medication', aggregateId: 'm', data: {}, availableAt: at });
    expect((persisted[0] as OutboxMessage).availableAt).toEqual(at);
  });

  it('stores the cancel key that lets cancelScheduled withdraw the row', () => {
    const { em, persisted } = recordingEntityManager();
    recordEvent(em, '/caregraph/care', { type: 'medication.due', aggregateType: 'M', aggregateId: 'm', data: {}, cancelKey: 'medication.due:m' });
    expect((persisted[0] as OutboxMessage).cancelKey).toBe('medication.due:m');
  });

  it('refuses a malformed event type before anything is persisted', () => {
    const { em, persisted } = recordingEntityManager();
    expect(() => recordEvent(em, '/caregraph/care', { type: 'Bad Type', aggregateType: 'X', aggregateId: 'x', data: {} })).toThrow();
    expect(persisted).toHaveLength(0);
  });
});
