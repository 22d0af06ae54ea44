import type { EntityManager } from '@mikro-orm/postgresql';
import type { SchemaObject } from 'ajv';
import type { Partner } from '../Partner.entity';

/** One type of event partners may send, and how CareGraph records it. */
export interface PartnerEventType<TData = Record<string, unknown>> {
  /** The type partners send and are granted, e.g. `pharmacy.refill_ready`. */
  name: string;
  /** The type CareGraph records (partnerEvents), e.g. `partner.pharmacy.refill_ready`. */
  recordedAs: string;
  /** The JSON Schema `data` must fit (ajv, strict); write it `satisfies JSONSchemaType<TData>`. */
  schema: SchemaObject;
  /**
   * Checks that what `data` names belongs to the partner's care circle (else throws
   * refusals.unknownReference) and returns the recorded event's own fields.
   */
  resolve(em: EntityManager, partner: Partner, data: TData): Promise<{ careRecipientId: string } & Record<string, unknown>>;
}
