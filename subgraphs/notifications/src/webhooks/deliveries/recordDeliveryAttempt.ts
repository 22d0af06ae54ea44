import type { Connection } from '@mikro-orm/core';
import { DeliveryStatus } from './DeliveryStatus';

/** One attempt at a delivery, and where the delivery stands after it. */
export interface DeliveryAttempt {
  deliveryId: string;
  attemptedAt: Date;
  /** The receiver's answer, when it gave one. */
  statusCode?: number;
  latencyMs: number;
  error?: string;
  status: DeliveryStatus;
  /** When the next attempt comes (a retry is scheduled); undefined when none will. */
  nextAttemptAt?: Date;
}

/**
 * Counts the attempt on its delivery (attempts, last status, latency, error, next attempt,
 * status; deliveredAt when delivered) and appends it to `webhook_delivery_attempt`, numbered, in
 * one statement that commits at once on `connection`: unlike the consumer's own transaction, it
 * stays when the handler then throws for a retry. A delivery deleted meanwhile records nothing.
 */
export async function recordDeliveryAttempt(connection: Connection, attempt: DeliveryAttempt): Promise<void> {
  const delivered = attempt.status === DeliveryStatus.DELIVERED;
  const statusCode = attempt.statusCode ?? null;
  const error = attempt.error ?? null;
  const nextAttemptAt = attempt.nextAttemptAt ?? null;
  await connection.execute(
    `with "delivery" as (
       update "notifications"."webhook_delivery"
          set "attempts" = "attempts" + 1, "status" = ?, "last_status_code" = ?, "latency_ms" = ?, "last_error" = ?,
              "next_attempt_at" = ?, "delivered_at" = case when ?::boolean then ?::timestamptz else "delivered_at" end
        where "id" = ?
    returning "id", "attempts")
     insert into "notifications"."webhook_delivery_attempt" ("delivery_id", "number", "attempted_at", "status_code", "latency_ms", "error", "next_attempt_at")
     select "id", "attempts", ?, ?, ?, ?, ? from "delivery"`,
    [attempt.status, statusCode, attempt.latencyMs, error, nextAttemptAt, delivered, attempt.attemptedAt, attempt.deliveryId, attempt.attemptedAt, statusCode, attempt.latencyMs, error, nextAttemptAt],
    'run',
  );
}
