import { createCloudEvent, type CloudEvent } from '@caregraph/shared';
import { NotificationChannel } from '../notifications/NotificationChannel';
import { Priority } from '../notifications/Priority';
import type { NotificationRule } from './NotificationRule';
import { matchingRules, notificationRules } from './notificationRules';

const event = (type: string, data: Record<string, unknown> = {}): CloudEvent => createCloudEvent({ type, source: '/caregraph/care', data });
const names = (e: CloudEvent, rules?: NotificationRule[]) => matchingRules(e, rules).map((rule) => rule.name);

describe('notificationRules', () => {
  it('matches each catalog event to its rule, and a dose only when MISSED or SKIPPED', () => {
    expect(names(event('emergency.alert.created'))).toEqual(['emergency-alert']);
    expect(names(event('medication.logged', { status: 'MISSED' }))).toEqual(['medication-missed-or-skipped']);
    expect(names(event('medication.logged', { status: 'SKIPPED' }))).toEqual(['medication-missed-or-skipped']);
    expect(names(event('medication.logged', { status: 'GIVEN' }))).toEqual([]);
    expect(names(event('medication.refill_needed'))).toEqual(['medication-refill-needed']);
    expect(names(event('medication.dose_overdue'))).toEqual(['medication-dose-overdue']);
    expect(names(event('medication.due'))).toEqual([]);
    expect(names(event('partner.pharmacy.refill_ready'))).toEqual(['partner-refill-ready']);
    expect(names(event('partner.clinic.appointment_confirmed'))).toEqual([]);
    expect(names(event('partner.registered'))).toEqual([]);
    expect(names(event('appointment.reminder'))).toEqual(['appointment-reminder']);
    expect(names(event('appointment.rescheduled'))).toEqual([]);
    expect(names(event('appointment.confirmed'))).toEqual(['appointment-confirmed']);
    expect(names(event('appointment.cancelled'))).toEqual(['appointment-cancelled']);
    expect(names(event('payment.failed'))).toEqual(['payment-failed']);
    expect(names(event('payment.refunded'))).toEqual(['payment-refunded']);
    expect(names(event('bill.refunded'))).toEqual([]);
    expect(names(event('care_circle.member_added', { userId: 'x' }))).toEqual(['member-welcome']);
    expect(names(event('shift.started'))).toEqual([]);
    expect(names(event('notification.created'))).toEqual([]);
  });

  it('has the priorities, channels and recipients of the design', () => {
    const rule = (name: string) => notificationRules.find((r) => r.name === name)!;
    expect(rule('emergency-alert')).toMatchObject({ recipients: ['ALL_MEMBERS'], priority: Priority.CRITICAL, channels: Object.values(NotificationChannel) });
    expect(rule('medication-missed-or-skipped')).toMatchObject({ recipients: [{ role: 'OWNER' }, { role: 'CAREGIVER' }], priority: Priority.HIGH });
    expect(rule('payment-failed')).toMatchObject({ recipients: [{ role: 'OWNER' }], priority: Priority.HIGH });
    expect(rule('emergency-alert').exceptActor).toBe(true);
    expect(rule('appointment-reminder')).toMatchObject({ recipients: ['ALL_MEMBERS'], channels: [NotificationChannel.IN_APP, NotificationChannel.EMAIL] });
    expect(rule('appointment-reminder').template(event('appointment.reminder', { title: 'GP', startsAt: '2026-12-01T09:00:00.000Z', location: 'Surgery' }))).toEqual({
      title: 'Appointment reminder',
      body: 'GP on Tue, 01 Dec 2026 09:00:00 GMT at Surgery.',
    });
    expect(rule('medication-dose-overdue')).toMatchObject({ recipients: [{ role: 'OWNER' }, { role: 'CAREGIVER' }], priority: Priority.HIGH, channels: [NotificationChannel.IN_APP, NotificationChannel.EMAIL] });
    expect(rule('medication-dose-overdue').template(event('medication.dose_overdue', { name: 'Metformin', dosage: '500 mg', dueAt: '2026-12-01T08:00:00.000Z' }))).toEqual({
      title: 'Dose overdue',
      body: 'Metformin 500 mg, due Tue, 01 Dec 2026 08:00:00 GMT, has not been logged.',
    });
    expect(rule('partner-refill-ready')).toMatchObject({ recipients: [{ role: 'OWNER' }, { role: 'CAREGIVER' }], channels: [NotificationChannel.IN_APP, NotificationChannel.EMAIL] });
    expect(rule('partner-refill-ready').template(event('partner.pharmacy.refill_ready', { medicationName: 'Metformin', pickupLocation: 'Counter 2', partnerName: 'City Pharmacy' }))).toEqual({
      title: 'Refill ready for pickup',
      body: 'Metformin is ready for pickup at Counter 2 (City Pharmacy).',
    });
    expect(rule('payment-refunded')).toMatchObject({ recipients: [{ role: 'OWNER' }], priority: Priority.NORMAL });
    expect(rule('payment-refunded').template(event('payment.refunded', { amountCents: 4500, currency: 'USD', reason: 'the appointment could no longer be confirmed' }))).toEqual({
      title: 'Payment refunded',
      body: '45.00 USD was refunded: the appointment could no longer be confirmed',
    });
    expect(rule('member-welcome')).toMatchObject({ recipients: [{ dataField: 'userId' }], channels: expect.arrayContaining([NotificationChannel.EMAIL]) });
  });

  it('matches topic patterns with * and #', () => {
    const rules: NotificationRule[] = [
      { name: 'any-medication', eventTypes: ['medication.*'], recipients: [{ actor: true }], channels: [NotificationChannel.IN_APP], priority: Priority.NORMAL, template: () => ({ title: 't', body: '' }) },
      { name: 'everything', eventTypes: ['#'], recipients: [{ actor: true }], channels: [NotificationChannel.IN_APP], priority: Priority.NORMAL, template: () => ({ title: 't', body: '' }) },
    ];
    expect(names(event('medication.added'), rules)).toEqual(['any-medication', 'everything']);
    expect(names(event('emergency.alert.created'), rules)).toEqual(['everything']);
  });

  it('writes a non-blank title and body even for sparse event data', () => {
    for (const rule of notificationRules) {
      const sparse = event(rule.eventTypes[0].replace('*', 'x'), { status: 'MISSED' });
      const { title, body } = rule.template(sparse);
      expect(title.trim()).not.toBe('');
      expect(body.trim()).not.toBe('');
    }
  });
});
