/** The types CareGraph records for partner events: the partner's type under `partner.` (docs/architecture.md). */
export const partnerEvents = {
  refillReady: 'partner.pharmacy.refill_ready',
  appointmentConfirmed: 'partner.clinic.appointment_confirmed',
} as const;
