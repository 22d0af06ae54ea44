import type { EntityManager } from '@mikro-orm/postgresql';
import { CareRecipient } from '../../careRecipients/CareRecipient.entity';
import { refusals } from '../ingest/IngestRefusal';

/** The care recipient `id` of `careCircleId`, or UNKNOWN_REFERENCE on `careRecipientId` (another circle's is unknown too). */
export async function findRecipientOfCircle(em: EntityManager, careCircleId: string, id: string): Promise<CareRecipient> {
  const recipient = await em.findOne(CareRecipient, { id: id.toLowerCase(), careCircleId });
  if (!recipient) throw refusals.unknownReference('careRecipientId');
  return recipient;
}
