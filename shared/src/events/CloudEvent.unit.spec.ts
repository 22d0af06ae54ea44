import { createCloudEvent, parseCloudEvent } from './CloudEvent';

describe('CloudEvent envelope', () => {
  it('builds a CloudEvents 1.0 structured event with lowercase extensions and no undefined attributes', () => {
    const event = createCloudEvent({
      type: 'medication.logged',
      source: '/caregraph/care',
      subject: 'med-1',
      data: { medicationId: 'med-1', status: 'GIVEN' },
      careCircleId: 'circle-1',
      causedBy: 'user-1',
      correlationId: 'req-123',
      aggregateType: 'Medication',
      time: new Date('2026-11-22T10:30:00Z'),
    });
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'medication.logged',
      source: '/caregraph/care',
      subject: 'med-1',
      time: '2026-11-22T10:30:00.000Z',
      datacontenttype: 'application/json',
      correlationid: 'req-123',
      causedby: 'user-1',
      carecircleid: 'circle-1',
      aggregatetype: 'Medication',
      data: { medicationId: 'med-1', status: 'GIVEN' },
    });
    expect(Object.keys(event)).not.toContain('traceparent');
    for (const key of Object.keys(event)) expect(key).toMatch(/^[a-z0-9]+$/);
  });

  it('gives every event its own id', () => {
    const a = createCloudEvent({ type: 'a.b', source: '/s', data: {} });
    const b = createCloudEvent({ type: 'a.b', source: '/s', data: {} });
    expect(a.id).not.toEqual(b.id);
  });

  it('rejects an event type that is not dotted lowercase', () => {
    expect(() => createCloudEvent({ type: 'MedicationLogged', source: '/s', data: {} })).toThrow(/Invalid event type/);
  });

  it('round-trips through JSON bytes', () => {
    const event = createCloudEvent({ type: 'care_circle.created', source: '/caregraph/identity', data: { name: 'Mum' } });
    expect(parseCloudEvent(Buffer.from(JSON.stringify(event)))).toEqual(event);
  });

  it.each([
    ['not json', 'The event is not valid JSON'],
    ['{"specversion":"0.3","id":"1","type":"a.b","source":"/s","time":"2026-01-01T00:00:00Z"}', 'specversion'],
    ['{"specversion":"1.0","type":"a.b","source":"/s","time":"2026-01-01T00:00:00Z"}', 'has no id'],
    ['{"specversion":"1.0","id":"1","type":"a.b","source":"/s","time":"yesterday"}', 'not a date'],
  ])('refuses %s', (raw, message) => {
    expect(() => parseCloudEvent(raw)).toThrow(message);
  });
});
