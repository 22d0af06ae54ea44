/** Config `revocation`: a channel whose messages name a subject whose access changed. */
export interface RevocationConfig {
  /** Channel name (the gateway's channelPrefix is prepended), e.g. "caregraph.revocations". */
  channel: string;
  /** Dot path in the (JSON) message to the token subject (`sub`), e.g. "data.userId". */
  subject: string;
}
