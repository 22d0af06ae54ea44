import { findUnsafeText } from '@caregraph/shared';
import Ajv, { type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import { partnerEventTypes, type PartnerEventType } from '../eventTypes';
import { refusals } from './IngestRefusal';

/** A partner's body: `{ "id": "<its event id>", "type": "<event type>", "data": { … } }`, nothing else. */
export interface PartnerEventEnvelope {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

const ajv = new Ajv({ strict: true, allErrors: false });
ajv.addFormat('date-time', { type: 'string', validate: (value: string) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)) });

const envelopeSchema: JSONSchemaType<PartnerEventEnvelope> = {
  type: 'object',
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$' },
    type: { type: 'string', minLength: 1, maxLength: 100 },
    data: { type: 'object', required: [] },
  },
  required: ['id', 'type', 'data'],
  additionalProperties: false,
};
const validateEnvelope = ajv.compile(envelopeSchema);
// Compiled once, at load: a schema ajv refuses fails care's start, not a partner's request.
const validateData = new Map<string, ValidateFunction>([...partnerEventTypes].map(([name, type]) => [name, ajv.compile(type.schema)]));

/** "/pickupLocation must NOT have fewer than 1 characters" */
function describe(errors: ErrorObject[] | null | undefined): string {
  const [first] = errors ?? [];
  return first ? `${first.instancePath || '/'} ${first.message ?? 'is invalid'}` : 'invalid';
}

/** The body as an envelope: INVALID_JSON, or INVALID_EVENT naming the first problem. */
export function parseEnvelope(body: Buffer): PartnerEventEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw refusals.invalidJson();
  }
  if (!validateEnvelope(value)) throw refusals.invalidEvent(describe(validateEnvelope.errors));
  return value;
}

/** `data` checked against its type's JSON Schema, and free of NUL bytes and lone surrogates; else SCHEMA_INVALID. */
export function checkEventData<T>(type: PartnerEventType<T>, data: Record<string, unknown>): T {
  const validate = validateData.get(type.name)!;
  if (!validate(data)) throw refusals.schemaInvalid(type.name, describe(validate.errors));
  const unsafe = findUnsafeText(data);
  if (unsafe) throw refusals.schemaInvalid(type.name, `/${unsafe} contains a NUL byte or invalid Unicode`);
  return data as T;
}
