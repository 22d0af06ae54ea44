export { Partner } from './Partner.entity';
export { PartnerResolver } from './PartnerResolver';
export { partnerSecretBox } from './partnerSecretBox';
export { partnerIngestRoute, PARTNER_INGEST_PATH } from './ingest/partnerIngestRoute';
export { PARTNER_HEADER } from './ingest/readSignedHeaders';
export { partnerEvents, partnerEventTypes } from './eventTypes';
