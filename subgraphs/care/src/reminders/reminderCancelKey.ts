/** The outbox cancel key of a medication's pending reminder (cancelScheduled). */
export function reminderCancelKey(medicationId: string): string {
  return `medication.due:${medicationId}`;
}
