import type { JSONSchemaType } from 'ajv';
import { Medication } from '../../medications/Medication.entity';
import { refusals } from '../ingest/IngestRefusal';
import { findRecipientOfCircle } from './findRecipientOfCircle';
import { ID_SCHEMA, TEXT_SCHEMA } from './schemas';
import { partnerEvents } from './partnerEvents';
import type { PartnerEventType } from './PartnerEventType';

interface RefillReadyData {
  careRecipientId: string;
  medicationId: string;
  pickupLocation: string;
}

/** A pharmacy has a refill of one of the recipient's medications ready for pickup. */
export const refillReady: PartnerEventType<RefillReadyData> = {
  name: 'pharmacy.refill_ready',
  recordedAs: partnerEvents.refillReady,
  schema: {
    type: 'object',
    properties: { careRecipientId: ID_SCHEMA, medicationId: ID_SCHEMA, pickupLocation: TEXT_SCHEMA },
    required: ['careRecipientId', 'medicationId', 'pickupLocation'],
    additionalProperties: false,
  } satisfies JSONSchemaType<RefillReadyData>,
  async resolve(em, partner, data) {
    const recipient = await findRecipientOfCircle(em, partner.careCircleId, data.careRecipientId);
    const medication = await em.findOne(Medication, { id: data.medicationId.toLowerCase(), careRecipientId: recipient.id });
    if (!medication) throw refusals.unknownReference('medicationId');
    return { careRecipientId: recipient.id, medicationId: medication.id, medicationName: medication.name, pickupLocation: data.pickupLocation.trim() };
  },
};
