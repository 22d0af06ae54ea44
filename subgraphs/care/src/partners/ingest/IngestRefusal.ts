import { routeRefusal, type SubgraphRouteResponse } from '@caregraph/shared';

/** Why a partner's request was refused: an HTTP status and a stable code, answered as `{ error: { code, message } }`. */
export class IngestRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'IngestRefusal';
  }

  toResponse(): SubgraphRouteResponse {
    return routeRefusal(this.status, this.code, this.message, this.details);
  }
}

/** Every refusal of `POST /ingest/events`, in one place (README, "Partner events in"). */
export const refusals = {
  unsupportedMediaType: () => new IngestRefusal(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the event as application/json.'),
  badHeader: (header: string) => new IngestRefusal(400, 'BAD_HEADER', `The ${header} header is missing or malformed.`, { header }),
  staleTimestamp: (toleranceSeconds: number) =>
    new IngestRefusal(400, 'STALE_TIMESTAMP', `webhook-timestamp is more than ${toleranceSeconds} seconds away from now.`),
  unknownPartner: () => new IngestRefusal(401, 'UNKNOWN_PARTNER', 'No partner has the id in webhook-partner.'),
  badSignature: () => new IngestRefusal(401, 'BAD_SIGNATURE', 'No signature in webhook-signature matches the message.'),
  invalidJson: () => new IngestRefusal(400, 'INVALID_JSON', 'The body is not JSON.'),
  invalidEvent: (problem: string) => new IngestRefusal(422, 'INVALID_EVENT', `The body is not an event: ${problem}.`),
  unknownEventType: (type: string) => new IngestRefusal(422, 'UNKNOWN_EVENT_TYPE', `CareGraph takes no events of type "${type}".`, { type }),
  typeNotGranted: (type: string) => new IngestRefusal(403, 'EVENT_TYPE_NOT_GRANTED', `This partner may not send events of type "${type}".`, { type }),
  schemaInvalid: (type: string, problem: string) => new IngestRefusal(422, 'SCHEMA_INVALID', `data does not fit ${type}: ${problem}.`, { type }),
  unknownReference: (field: string) => new IngestRefusal(422, 'UNKNOWN_REFERENCE', `${field} in data names nothing in this partner's care circle.`, { field }),
  duplicateEvent: (id: string) => new IngestRefusal(409, 'DUPLICATE_EVENT', `Event "${id}" was already received; nothing was written again.`, { id }),
};
