import type { IncomingHttpHeaders } from 'node:http';
import { isUuid, type SignedMessage } from '@caregraph/shared';
import { refusals } from './IngestRefusal';

/** Names the partner that signed the request; CareGraph's addition to the Standard Webhooks headers. */
export const PARTNER_HEADER = 'webhook-partner';

export interface SignedHeaders extends SignedMessage {
  partnerId: string;
}

const FORMATS: [header: string, format: RegExp][] = [
  [PARTNER_HEADER, /^[0-9a-fA-F-]{36}$/],
  ['webhook-id', /^[\x21-\x7e]{1,256}$/],
  ['webhook-timestamp', /^\d{1,12}$/],
  // Room for a few signatures (key rotation), no more.
  ['webhook-signature', /^[\x20-\x7e]{1,1024}$/],
];

/** The four headers of a partner's request, each well-formed, or BAD_HEADER naming the first that is not. */
export function readSignedHeaders(headers: IncomingHttpHeaders): SignedHeaders {
  const values: Record<string, string> = {};
  for (const [header, format] of FORMATS) {
    const value = headers[header];
    if (typeof value !== 'string' || !format.test(value)) throw refusals.badHeader(header);
    values[header] = value;
  }
  if (!isUuid(values[PARTNER_HEADER])) throw refusals.badHeader(PARTNER_HEADER);
  return {
    partnerId: values[PARTNER_HEADER].toLowerCase(),
    id: values['webhook-id'],
    timestamp: values['webhook-timestamp'],
    signature: values['webhook-signature'],
  };
}
