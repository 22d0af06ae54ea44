/** A claimed outbox row, as the relay reads it. */
export interface OutboxRow {
  id: string;
  sequence: string;
  exchange: string;
  routing_key: string;
  payload: unknown;
  aggregate_type: string;
  aggregate_id: string;
  retry_count: number;
  /** W3C traceparent of the span that recorded the event, if tracing was on. */
  traceparent?: string | null;
  /** An earlier row of its aggregate is unprocessed and outside the claim: it must wait. */
  blocked: boolean;
}
