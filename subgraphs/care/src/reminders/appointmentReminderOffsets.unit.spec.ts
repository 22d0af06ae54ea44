import { appointmentReminderOffsets, DEFAULT_APPOINTMENT_REMINDER_OFFSETS } from './appointmentReminderOffsets';

describe('appointmentReminderOffsets', () => {
  it('reads whole minutes, largest first, without repeats; unset or blank is the default', () => {
    expect(appointmentReminderOffsets('60, 1440,60')).toEqual([1440, 60]);
    expect(appointmentReminderOffsets(undefined)).toEqual(DEFAULT_APPOINTMENT_REMINDER_OFFSETS);
    expect(appointmentReminderOffsets(' ')).toEqual(DEFAULT_APPOINTMENT_REMINDER_OFFSETS);
  });

  it('refuses anything else, naming the setting', () => {
    for (const value of ['0', '-5', '1.5', 'soon', '60,,']) {
      expect(() => appointmentReminderOffsets(value)).toThrow(/^APPOINTMENT_REMINDER_OFFSETS_MINUTES must be positive whole minutes/);
    }
  });
});
