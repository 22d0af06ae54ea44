import { randomUUID } from 'node:crypto';
import { ValidationError } from '../errors';

/**
 * A CloudEvents 1.0 event in JSON structured mode. Extension attribute names are lowercase
 * alphanumeric, as the spec requires.
 */
export interface CloudEvent<T = Record<string, unknown>> {
  specversion: '1.0';
  id: string;
  type: string;
  source: string;
  subject?: string;
  time: string;
  datacontenttype: 'application/json';
  data: T;
  correlationid?: string;
  causationid?: string;
  /** id of the user whose action caused the event */
  causedby?: string;
  carecircleid?: string;
  aggregatetype?: string;
  traceparent?: string;
}

export interface NewCloudEvent<T> {
  type: string;
  /** e.g. `/caregraph/care` */
  source: string;
  subject?: string;
  data: T;
  id?: string;
  time?: Date;
  correlationId?: string;
  causationId?: string;
  causedBy?: string;
  careCircleId?: string;
  aggregateType?: string;
  traceparent?: string;
}

const TYPE_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

/** Builds a CloudEvent; optional attributes that are undefined are left out of the JSON. */
export function createCloudEvent<T>(input: NewCloudEvent<T>): CloudEvent<T> {
  if (!TYPE_PATTERN.test(input.type)) throw new ValidationError(`Invalid event type "${input.type}"`, 'type');
  if (!input.source) throw new ValidationError('An event needs a source', 'source');
  const event: CloudEvent<T> = {
    specversion: '1.0',
    id: input.id ?? randomUUID(),
    type: input.type,
    source: input.source,
    subject: input.subject,
    time: (input.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    correlationid: input.correlationId,
    causationid: input.causationId,
    causedby: input.causedBy,
    carecircleid: input.careCircleId,
    aggregatetype: input.aggregateType,
    traceparent: input.traceparent,
    data: input.data,
  };
  for (const key of Object.keys(event) as (keyof CloudEvent<T>)[]) {
    if (event[key] === undefined) delete event[key];
  }
  return event;
}

const REQUIRED = ['id', 'type', 'source', 'time'] as const;

/** Parses and validates a structured-mode CloudEvent (from a Buffer, string or object). */
export function parseCloudEvent<T = Record<string, unknown>>(raw: Buffer | string | unknown): CloudEvent<T> {
  let value: unknown = raw;
  if (Buffer.isBuffer(raw)) value = raw.toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      throw new ValidationError('The event is not valid JSON');
    }
  }
  if (typeof value !== 'object' || value === null) throw new ValidationError('The event is not an object');
  const event = value as Record<string, unknown>;
  if (event.specversion !== '1.0') throw new ValidationError('Unsupported CloudEvents specversion', 'specversion');
  for (const key of REQUIRED) {
    if (typeof event[key] !== 'string' || !event[key]) throw new ValidationError(`The event has no ${key}`, key);
  }
  if (Number.isNaN(Date.parse(event.time as string))) throw new ValidationError('The event time is not a date', 'time');
  return event as unknown as CloudEvent<T>;
}
