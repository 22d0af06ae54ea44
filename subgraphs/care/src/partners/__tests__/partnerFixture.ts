import { asGateway } from '@caregraph/testing';
import { webhookHeaders } from '@caregraph/shared';
import type { CareHarness } from '../../__tests__/careHarness';

export const REGISTER_PARTNER = `mutation ($input: RegisterPartnerInput!) {
  registerPartner(input: $input) { secret partner { id name eventTypes createdAt careCircle { id } } }
}`;

/** A registered partner: its id and its secret, as the owner received them. */
export interface PartnerKeys {
  id: string;
  secret: string;
}

export async function registerPartnerAs(harness: CareHarness, token: string, careCircleId: string, eventTypes: string[], name = 'City Pharmacy'): Promise<PartnerKeys> {
  const result = await harness.gql(REGISTER_PARTNER, { input: { careCircleId, name, eventTypes } }, token);
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return { id: result.data!.registerPartner.partner.id, secret: result.data!.registerPartner.secret };
}

export interface IngestAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** POSTs `body` (bytes as given) to care's /ingest/events as the gateway would, signed as `partner` unless `headers` say otherwise. */
export async function postSigned(
  ingestUrl: string,
  partner: PartnerKeys,
  body: string | Buffer,
  options: { headers?: Record<string, string>; id?: string; now?: Date; asGateway?: boolean } = {},
): Promise<IngestAnswer> {
  const response = await fetch(ingestUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-partner': partner.id,
      ...webhookHeaders(partner.secret, body, { id: options.id, now: options.now }),
      ...(options.asGateway === false ? {} : await asGateway()),
      ...options.headers,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
