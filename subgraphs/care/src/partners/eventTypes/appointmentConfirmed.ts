import type { JSONSchemaType } from 'ajv';
import { findRecipientOfCircle } from './findRecipientOfCircle';
import { DATE_TIME_SCHEMA, ID_SCHEMA, TEXT_SCHEMA } from './schemas';
import { partnerEvents } from './partnerEvents';
import type { PartnerEventType } from './PartnerEventType';

interface AppointmentConfirmedData {
  careRecipientId: string;
  title: string;
  startsAt: string;
}

/** A clinic confirmed an appointment of the recipient (recorded in the circle's log; no appointment is created). */
export const appointmentConfirmed: PartnerEventType<AppointmentConfirmedData> = {
  name: 'clinic.appointment_confirmed',
  recordedAs: partnerEvents.appointmentConfirmed,
  schema: {
    type: 'object',
    properties: { careRecipientId: ID_SCHEMA, title: TEXT_SCHEMA, startsAt: DATE_TIME_SCHEMA },
    required: ['careRecipientId', 'title', 'startsAt'],
    additionalProperties: false,
  } satisfies JSONSchemaType<AppointmentConfirmedData>,
  async resolve(em, partner, data) {
    const recipient = await findRecipientOfCircle(em, partner.careCircleId, data.careRecipientId);
    return { careRecipientId: recipient.id, title: data.title.trim(), startsAt: new Date(data.startsAt).toISOString() };
  },
};
