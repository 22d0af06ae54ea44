import { buildCareSchema } from './schema';

describe('buildCareSchema', () => {
  it('publishes the care part of the API contract as a federation 2 subgraph', async () => {
    const { sdl } = await buildCareSchema();
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3"');
    for (const entity of ['CareRecipient', 'Medication', 'MedicationLog', 'Appointment', 'EmergencyAlert']) {
      expect(sdl).toMatch(new RegExp(`type ${entity}\\s+@key\\(fields: "id"\\)\\s*\\{`));
    }
    expect(sdl).toMatch(/type User\s+@key\(fields: "id", resolvable: false\)\s*\{\s*id: ID!\s*\}/);
    // care adds careRecipients to identity's CareCircle; identity resolves the rest.
    expect(sdl).toMatch(/type CareCircle\s+@key\(fields: "id"\)\s*\{\s*id: ID!\s*careRecipients: \[CareRecipient!\]!\s*\}/);
    expect(sdl).toContain('careRecipient(id: ID!): CareRecipient\n');
    expect(sdl).toContain('logs(after: String, first: Int = 20): MedicationLogConnection!');
    expect(sdl).toContain('loggedBy: User!');
    expect(sdl).toContain('loggedAt: DateTime!');
    expect(sdl).toContain('addCareRecipient(input: AddCareRecipientInput!): CareRecipient!');
    expect(sdl).toContain('addMedication(input: AddMedicationInput!): Medication!');
    expect(sdl).toContain('logMedication(input: LogMedicationInput!): MedicationLog!');
    expect(sdl).toMatch(/enum MedicationLogStatus \{\s*GIVEN\s*SKIPPED\s*MISSED\s*\}/);
  });

  it('publishes appointments, emergency alerts, shifts and the timeline as the contract states', async () => {
    const { sdl } = await buildCareSchema();
    for (const line of [
      'appointment(id: ID!): Appointment\n',
      'appointments(after: String, first: Int = 20): AppointmentConnection!',
      'emergencyAlerts(status: AlertStatus): [EmergencyAlert!]!',
      'timeline(after: String, first: Int = 20): TimelineConnection!',
      'scheduleAppointment(input: ScheduleAppointmentInput!): Appointment!',
      'cancelAppointment(reason: String!, id: ID!): Appointment!',
      'raiseEmergencyAlert(input: RaiseEmergencyAlertInput!): EmergencyAlert!',
      'resolveEmergencyAlert(id: ID!): EmergencyAlert!',
      'startShift(careRecipientId: ID!): Shift!',
      'endShift(id: ID!): Shift!',
      'cancellationReason: String\n',
      'resolvedBy: User\n',
      'caregiver: User!',
      'author: User!',
    ]) {
      expect(sdl).toContain(line);
    }
    expect(sdl).toMatch(/enum AppointmentStatus \{\s*REQUESTED\s*CONFIRMED\s*CANCELLED\s*COMPLETED\s*\}/);
    expect(sdl).toMatch(/enum AlertStatus \{\s*OPEN\s*RESOLVED\s*\}/);
    expect(sdl).toMatch(/input ScheduleAppointmentInput \{\s*careRecipientId: ID!\s*title: String!\s*startsAt: DateTime!\s*location: String\s*feeCents: Int!\s*\}/);
    // billing contributes Appointment.bill; the saga's `booking` comes later; the fee stays internal.
    expect(sdl).not.toMatch(/\bbill:|\bbooking:|feeCents: Int!\s*\n\s*careRecipient/);
  });
});

describe('care composition', () => {
  it('composes with identity-owned User and CareCircle and the events subgraph', async () => {
    const { composeServices } = await import('@apollo/composition');
    const { parse } = await import('graphql');
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { sdl } = await buildCareSchema();
    // A minimal stand-in for identity's subgraph: only the keys care references.
    const identity = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      scalar DateTime
      type User @key(fields: "id") { id: ID! displayName: String! }
      type CareCircle @key(fields: "id") { id: ID! name: String! }
      type Query { me: User }`;
    const events = readFileSync(join(__dirname, '../../events/schema.graphql'), 'utf8');
    const result = composeServices([
      { name: 'identity', typeDefs: parse(identity), url: 'http://identity' },
      { name: 'care', typeDefs: parse(sdl), url: 'http://care' },
      { name: 'events', typeDefs: parse(events), url: 'http://events' },
    ]);
    expect(result.errors?.map((error) => error.message) ?? []).toEqual([]);
  });
});
