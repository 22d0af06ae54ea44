import { isFreshTimestamp, verifyWebhookSignature, WEBHOOK_TOLERANCE_SECONDS, type CloudEvent, type SecretBox, type SubgraphRouteRequest } from '@caregraph/shared';
import { partnerEventTypes } from '../eventTypes';
import { Partner } from '../Partner.entity';
import { refusals } from './IngestRefusal';
import { checkEventData, parseEnvelope } from './parsePartnerEvent';
import { readSignedHeaders } from './readSignedHeaders';
import { recordPartnerEvent } from './recordPartnerEvent';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * One partner request, checked in order: JSON content type, the signed headers, the timestamp
 * (5 minutes either way), the partner, its signature over the raw body, the body's shape, the
 * event type (known, then granted), its data (JSON Schema, then references in the partner's
 * circle), and the event id not seen before. The first failed check refuses the request and
 * nothing is written; a request passing all of them records one event.
 */
export async function ingestPartnerEvent(request: SubgraphRouteRequest, secrets: SecretBox, now = new Date()): Promise<CloudEvent> {
  const { headers, body, em } = request;
  if (!JSON_TYPE.test(headers['content-type'] ?? '')) throw refusals.unsupportedMediaType();
  const signed = readSignedHeaders(headers);
  if (!isFreshTimestamp(signed.timestamp, now)) throw refusals.staleTimestamp(WEBHOOK_TOLERANCE_SECONDS);
  const partner = await em.findOne(Partner, signed.partnerId, { populate: ['sealedSecret'] });
  if (!partner) throw refusals.unknownPartner();
  if (!verifyWebhookSignature(secrets.open(partner.sealedSecret), signed, body)) throw refusals.badSignature();

  const envelope = parseEnvelope(body);
  const type = partnerEventTypes.get(envelope.type);
  if (!type) throw refusals.unknownEventType(envelope.type);
  if (!partner.eventTypes.includes(type.name)) throw refusals.typeNotGranted(type.name);
  const data = checkEventData(type, envelope.data);
  const fields = await type.resolve(em, partner, data);
  return recordPartnerEvent(em, partner, type, envelope.id, fields, { correlationId: request.correlationId });
}
