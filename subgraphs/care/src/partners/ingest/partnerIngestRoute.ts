import type { SecretBox, SubgraphRoute } from '@caregraph/shared';
import { IngestRefusal } from './IngestRefusal';
import { ingestPartnerEvent } from './ingestPartnerEvent';

/** Where care serves partners' events; the gateway forwards its public `/ingest/events` here (gateway.config.json `routes`). */
export const PARTNER_INGEST_PATH = '/ingest/events';

/** A partner event is one small JSON object; 64 KiB is far more than one needs. */
export const PARTNER_EVENT_MAX_BYTES = 64 * 1024;

/**
 * care's `POST /ingest/events`: 202 `{ id, type }` with the recorded event's id and type, or a
 * refusal `{ error: { code, message } }` (IngestRefusal) with nothing written.
 */
export function partnerIngestRoute(secrets: SecretBox): SubgraphRoute {
  return {
    path: PARTNER_INGEST_PATH,
    maxBodyBytes: PARTNER_EVENT_MAX_BYTES,
    async handle(request) {
      try {
        const event = await ingestPartnerEvent(request, secrets);
        request.logger.info({ eventId: event.id, type: event.type, partnerId: event.subject, correlationId: request.correlationId }, 'partner event recorded');
        return { status: 202, body: { id: event.id, type: event.type } };
      } catch (error) {
        if (!(error instanceof IngestRefusal)) throw error;
        request.logger.info({ code: error.code, correlationId: request.correlationId }, 'partner event refused');
        return error.toResponse();
      }
    },
  };
}
