import fs from 'node:fs';
import path from 'node:path';
import { contractDiff } from './contractDiff';

const root = path.resolve(__dirname, '../..');

/**
 * What the composed API (api.graphql, written by `npm run build`) does not yet serve of the
 * contract (docs/contract/API.graphql, a copy of the apps' contract). Each entry names the issue
 * that brings it; an entry that is served now fails this test so the list only shrinks.
 */
const PENDING: string[] = [
  // issue 3: care appointments, alerts, shifts, timeline; billing; notifications; audit
  "field CareRecipient.appointments is missing",
  "field CareRecipient.emergencyAlerts is missing",
  "field CareRecipient.timeline is missing",
  "type AppointmentStatus is missing",
  "type Appointment is missing",
  "type AlertStatus is missing",
  "type EmergencyAlert is missing",
  "type Shift is missing",
  "type TimelineEntry is missing",
  "type ScheduleAppointmentInput is missing",
  "type RaiseEmergencyAlertInput is missing",
  "type BillStatus is missing",
  "type PaymentStatus is missing",
  "type Bill is missing",
  "type Payment is missing",
  "type PayBillInput is missing",
  "type SagaStatus is missing",
  "type BookingSaga is missing",
  "type SagaStep is missing",
  "type NotificationChannel is missing",
  "type Priority is missing",
  "type Notification is missing",
  "type AuditEntry is missing",
  "type AuditFilter is missing",
  "field Query.appointment is missing",
  "field Query.bill is missing",
  "field Query.myNotifications is missing",
  "field Query.auditLog is missing",
  "field Mutation.scheduleAppointment is missing",
  "field Mutation.cancelAppointment is missing",
  "field Mutation.raiseEmergencyAlert is missing",
  "field Mutation.resolveEmergencyAlert is missing",
  "field Mutation.startShift is missing",
  "field Mutation.endShift is missing",
  "field Mutation.payBill is missing",
  "field Mutation.markNotificationRead is missing",
  "field Mutation.markAllNotificationsRead is missing",
  "field Subscription.emergencyAlerts is missing",
  "field Subscription.appointmentChanged is missing",
  "field Subscription.notificationReceived is missing",
  "type AppointmentConnection is missing",
  "type AppointmentEdge is missing",
  "type TimelineConnection is missing",
  "type TimelineEdge is missing",
  "type NotificationConnection is missing",
  "type NotificationEdge is missing",
  "type AuditConnection is missing",
  "type AuditEdge is missing",
];

describe('the public API contract', () => {
  const contract = fs.readFileSync(path.join(root, 'docs/contract/API.graphql'), 'utf8');
  const served = fs.readFileSync(path.join(root, 'api.graphql'), 'utf8');
  const problems = contractDiff(contract, served);

  it('serves every type, field, argument and enum value of the contract with the same nullability', () => {
    expect(problems.filter((p) => !PENDING.includes(p))).toEqual([]);
  });

  it('lists as pending only what is really still missing', () => {
    expect(PENDING.filter((p) => !problems.includes(p))).toEqual([]);
  });
});
