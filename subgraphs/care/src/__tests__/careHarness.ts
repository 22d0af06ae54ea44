import { startSubgraphHarness, type SubgraphHarness } from '@caregraph/testing';
import { startCare, type RunningCare } from '../index';

export type { GraphQLResponse } from '@caregraph/testing';

/** Response data is untyped JSON; tests assert its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** A running care subgraph on its own database, with helpers to act as members. */
export interface CareHarness extends SubgraphHarness<RunningCare> {
  care: RunningCare;
}

export async function startCareHarness(label: string): Promise<CareHarness> {
  const harness = await startSubgraphHarness(label, startCare);
  return { ...harness, care: harness.subgraph };
}

export const ADD_RECIPIENT = `mutation ($input: AddCareRecipientInput!) {
  addCareRecipient(input: $input) { id name dateOfBirth careCircle { id } }
}`;

export const ADD_MEDICATION = `mutation ($input: AddMedicationInput!) {
  addMedication(input: $input) { id name dosage scheduleTimes supplyRemaining refillThreshold careRecipient { id } }
}`;

export const LOG_MEDICATION = `mutation ($input: LogMedicationInput!) {
  logMedication(input: $input) { id status note loggedAt loggedBy { id } medication { id supplyRemaining } }
}`;

/** Adds a recipient and a medication as `token`; returns their ids. */
export async function seedMedication(
  harness: CareHarness,
  careCircleId: string,
  token: string,
  medication: { supplyRemaining: number; refillThreshold: number },
): Promise<{ careRecipientId: string; medicationId: string }> {
  const recipient = await harness.gql(ADD_RECIPIENT, { input: { careCircleId, name: 'Grandma Rose', dateOfBirth: '1941-03-02' } }, token);
  const careRecipientId = recipient.data!.addCareRecipient.id as string;
  const added = await harness.gql(
    ADD_MEDICATION,
    { input: { careRecipientId, name: 'Metformin', dosage: '500 mg', scheduleTimes: ['20:00', '08:00'], ...medication } },
    token,
  );
  if (added.errors) throw new Error(JSON.stringify(added.errors));
  return { careRecipientId, medicationId: added.data!.addMedication.id as string };
}

export { errorOf } from '@caregraph/testing';

export const SCHEDULE_APPOINTMENT = `mutation ($input: ScheduleAppointmentInput!) {
  scheduleAppointment(input: $input) { id title startsAt location status cancellationReason careRecipient { id } }
}`;

export const CANCEL_APPOINTMENT = `mutation ($id: ID!, $reason: String!) {
  cancelAppointment(id: $id, reason: $reason) { id status cancellationReason }
}`;

export const RAISE_ALERT = `mutation ($input: RaiseEmergencyAlertInput!) {
  raiseEmergencyAlert(input: $input) { id message status raisedAt raisedBy { id } resolvedBy { id } resolvedAt careRecipient { id } }
}`;

export const RESOLVE_ALERT = `mutation ($id: ID!) {
  resolveEmergencyAlert(id: $id) { id status resolvedAt resolvedBy { id } raisedBy { id } }
}`;

export const START_SHIFT = `mutation ($careRecipientId: ID!) {
  startShift(careRecipientId: $careRecipientId) { id startedAt endedAt caregiver { id } careRecipient { id } }
}`;

export const END_SHIFT = `mutation ($id: ID!) {
  endShift(id: $id) { id startedAt endedAt caregiver { id } }
}`;

/** Adds a care recipient to the circle as `token`; returns its id. */
export async function seedRecipient(harness: CareHarness, careCircleId: string, token: string, name = 'Grandpa Joe'): Promise<string> {
  const added = await harness.gql(ADD_RECIPIENT, { input: { careCircleId, name } }, token);
  if (added.errors) throw new Error(JSON.stringify(added.errors));
  return added.data!.addCareRecipient.id as string;
}

/** The CloudEvents recorded in care's outbox for one type and aggregate, oldest first. */
export async function outboxEvents(harness: CareHarness, type: string, aggregateId: string): Promise<Loose[]> {
  const { rows } = await harness.db.query('select payload from care.outbox where event_type = $1 and aggregate_id = $2 order by sequence', [type, aggregateId]);
  return rows.map((row) => row.payload as Loose);
}

/** Rows of a care table and outbox rows, for "nothing was written" assertions. */
export async function countRows(harness: CareHarness, table: string): Promise<{ rows: number; outbox: number }> {
  const { rows } = await harness.db.query(`select (select count(*)::int from care.${table}) as rows, (select count(*)::int from care.outbox) as outbox`);
  return rows[0] as { rows: number; outbox: number };
}

/** An ISO time `hours` from now. */
export function hoursFromNow(hours: number): string {
  return new Date(Date.now() + hours * 3600_000).toISOString();
}

/**
 * Makes every outbox insert of `eventType` fail inside the transaction (a real database error
 * after the entity rows are written), runs `body`, then removes the trigger.
 */
export async function withFailingOutbox(harness: CareHarness, eventType: string, body: () => Promise<void>): Promise<void> {
  await harness.db.query(`create function care.fail_outbox() returns trigger language plpgsql as $$
    begin if new.event_type = '${eventType}' then raise exception 'outbox unavailable'; end if; return new; end $$`);
  await harness.db.query('create trigger fail_outbox before insert on care.outbox for each row execute function care.fail_outbox()');
  try {
    await body();
  } finally {
    await harness.db.query('drop trigger fail_outbox on care.outbox');
    await harness.db.query('drop function care.fail_outbox()');
  }
}
