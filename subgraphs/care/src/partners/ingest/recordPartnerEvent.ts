import { recordEvent, type CloudEvent, type EventContext } from '@caregraph/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CARE_SOURCE } from '../../common/CareContext';
import type { PartnerEventType } from '../eventTypes';
import type { Partner } from '../Partner.entity';
import { refusals } from './IngestRefusal';

/** Claims (partner, event id) once; no row back means another request claimed it first. */
const CLAIM = `insert into "care"."partner_event" ("partner_id", "event_id", "event_type", "recorded_event_id")
  values (?, ?, ?, ?) on conflict do nothing returning "partner_id"`;

/**
 * Records the partner's event in care's outbox, as `type.recordedAs` in the partner's care
 * circle, in one transaction with the claim of its id: the same partner and event id a second
 * time (a replay, or a concurrent twin) is DUPLICATE_EVENT and writes nothing.
 */
export async function recordPartnerEvent(
  em: EntityManager,
  partner: Partner,
  type: PartnerEventType<unknown>,
  partnerEventId: string,
  fields: Record<string, unknown>,
  context: EventContext,
): Promise<CloudEvent> {
  return em.transactional(async (tx) => {
    const careCircleId = partner.careCircleId;
    const event = recordEvent(
      tx,
      CARE_SOURCE,
      {
        type: type.recordedAs,
        aggregateType: 'Partner',
        aggregateId: partner.id,
        careCircleId,
        data: { partnerId: partner.id, partnerName: partner.name, partnerEventId, careCircleId, ...fields },
      },
      context,
    );
    const claimed = await tx.execute(CLAIM, [partner.id, partnerEventId, type.name, event.id]);
    if (!claimed.length) throw refusals.duplicateEvent(partnerEventId);
    return event;
  });
}
