/** Where an invitation stands; only PENDING (and unexpired) ones can be answered. Not in the API. */
export enum InvitationStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}
