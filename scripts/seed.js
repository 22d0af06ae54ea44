#!/usr/bin/env node
// `npm run seed`: a demo care circle with data in every domain, on a running CareGraph
// (`npm start` first). Everything goes through the gateway like any app's: the booking saga
// bills the appointment, the consumers fill notifications and the audit trail.
// A pharmacy is registered as the circle's partner and sends one signed event (README, "Partner
// events in"); its id and secret are printed for sending more.
//   CAREGRAPH_URL (http://localhost:4000/graphql)
const { randomBytes } = require('node:crypto');
const { webhookHeaders } = require('@caregraph/shared');

const url = process.env.CAREGRAPH_URL ?? 'http://localhost:4000/graphql';
const PASSWORD = 'caregraph-demo';

async function gql(query, variables = {}, token) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (body.errors) throw new Error(`${query.split('(')[0].trim()}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

async function main() {
  const suffix = randomBytes(3).toString('hex');
  const signUp = async (name) => {
    const email = `${name.toLowerCase()}.${suffix}@example.com`;
    const { signUp: auth } = await gql('mutation($i: SignUpInput!) { signUp(input: $i) { token user { id } } }', {
      i: { email, password: PASSWORD, displayName: name },
    });
    return { ...auth, email };
  };
  const anna = await signUp('Anna');
  const ben = await signUp('Ben');
  const carla = await signUp('Carla');
  const { createCareCircle: circle } = await gql('mutation { createCareCircle(input: { name: "Grandma Rose" }) { id } }', {}, anna.token);
  // Membership is consent: the OWNER invites, the invitee accepts.
  const join = async (member, role) => {
    const { inviteMember: invitation } = await gql('mutation($i: InviteMemberInput!) { inviteMember(input: $i) { id } }', {
      i: { careCircleId: circle.id, email: member.email, role },
    }, anna.token);
    await gql('mutation($id: ID!) { acceptInvitation(id: $id) { role } }', { id: invitation.id }, member.token);
  };
  await join(ben, 'CAREGIVER');
  await join(carla, 'VIEWER');

  const { addCareRecipient: rose } = await gql('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', {
    i: { careCircleId: circle.id, name: 'Rose', dateOfBirth: '1938-04-12', timeZone: 'Europe/London' },
  }, anna.token);
  const addMedication = (name, dosage, scheduleTimes, supplyRemaining, refillThreshold) =>
    gql('mutation($i: AddMedicationInput!) { addMedication(input: $i) { id } }', {
      i: { careRecipientId: rose.id, name, dosage, scheduleTimes, supplyRemaining, refillThreshold },
    }, anna.token).then((data) => data.addMedication);
  const metformin = await addMedication('Metformin', '500 mg', ['08:00', '20:00'], 6, 5);
  const donepezil = await addMedication('Donepezil', '5 mg', ['21:00'], 30, 7);
  const log = (medicationId, status, note) =>
    gql('mutation($i: LogMedicationInput!) { logMedication(input: $i) { id } }', { i: { medicationId, status, note } }, ben.token);
  await log(metformin.id, 'GIVEN', 'with breakfast');
  await log(donepezil.id, 'SKIPPED', 'asleep early');
  await log(metformin.id, 'GIVEN', 'with dinner'); // supply 4 ≤ 5: refill needed

  const { startShift: shift } = await gql('mutation($r: ID!) { startShift(careRecipientId: $r) { id } }', { r: rose.id }, ben.token);
  const { raiseEmergencyAlert: alert } = await gql('mutation($i: RaiseEmergencyAlertInput!) { raiseEmergencyAlert(input: $i) { id } }', {
    i: { careRecipientId: rose.id, message: 'Rose fell in the kitchen; ambulance called' },
  }, ben.token);
  await gql('mutation($id: ID!) { resolveEmergencyAlert(id: $id) { id } }', { id: alert.id }, anna.token);
  await gql('mutation($id: ID!) { endShift(id: $id) { id } }', { id: shift.id }, ben.token);

  const inAWeek = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
  const { scheduleAppointment: appointment } = await gql('mutation($i: ScheduleAppointmentInput!) { scheduleAppointment(input: $i) { id } }', {
    i: { careRecipientId: rose.id, title: 'Geriatrician check-up', startsAt: inAWeek, location: 'St Mary clinic', feeCents: 12000 },
  }, anna.token);

  // The booking saga bills the appointment; pay it once the bill exists.
  const billOf = async () => (await gql('query($id: ID!) { appointment(id: $id) { bill { id } } }', { id: appointment.id }, anna.token)).appointment.bill;
  const bill = await waitFor(billOf, 'the booking saga to bill the appointment');
  await gql('mutation($i: PayBillInput!) { payBill(input: $i) { id status } }', { i: { billId: bill.id, paymentMethod: 'pm_card_ok' } }, anna.token);
  const status = async () => (await gql('query($id: ID!) { appointment(id: $id) { status } }', { id: appointment.id }, anna.token)).appointment.status;
  await waitFor(async () => (await status()) === 'CONFIRMED', 'the booking saga to confirm the appointment');

  // A partner pharmacy tells the circle Metformin is ready: the OWNER and the CAREGIVER are notified.
  const { registerPartner: pharmacy } = await gql('mutation($i: RegisterPartnerInput!) { registerPartner(input: $i) { secret partner { id } } }', {
    i: { careCircleId: circle.id, name: 'Riverside Pharmacy', eventTypes: ['pharmacy.refill_ready'] },
  }, anna.token);
  const refill = { id: `refill-${suffix}`, type: 'pharmacy.refill_ready', data: { careRecipientId: rose.id, medicationId: metformin.id, pickupLocation: 'Riverside Pharmacy, counter 2' } };
  await sendPartnerEvent(pharmacy.partner.id, pharmacy.secret, refill);

  // Each medication's next dose is scheduled as a reminder (medication.due on careCircleEvents, in Rose's zone).
  const { careRecipient: reminders } = await gql('query($id: ID!) { careRecipient(id: $id) { timeZone medications { name scheduleTimes nextDoseAt } } }', { id: rose.id }, anna.token);

  console.log(`Seeded the care circle "Grandma Rose" (${circle.id}).`);
  for (const medication of reminders.medications) {
    console.log(`Reminder: ${medication.name} (${medication.scheduleTimes.join(', ')} ${reminders.timeZone}) is next due at ${medication.nextDoseAt}: medication.due then streams on careCircleEvents, and medication.dose_overdue if no dose is logged within DOSE_GRACE_MINUTES.`);
  }
  console.log(`Sign in as ${anna.email} (OWNER), ${ben.email} (CAREGIVER) or ${carla.email} (VIEWER), password "${PASSWORD}".`);
  console.log(`Partner "Riverside Pharmacy": id ${pharmacy.partner.id}, secret ${pharmacy.secret} (shown once; keep it).`);
  console.log(`It sent a pharmacy.refill_ready for Metformin. Send another: POST ${ingestUrl()} with webhook-partner: ${pharmacy.partner.id} and the`);
  console.log(`Standard Webhooks headers, e.g. a body {"id":"<new id>","type":"pharmacy.refill_ready","data":{"careRecipientId":"${rose.id}","medicationId":"${metformin.id}","pickupLocation":"..."}} (README, "Partner events in").`);
}

/** The gateway's partner endpoint, next to its /graphql. */
function ingestUrl() {
  return url.replace(/\/graphql$/, '/ingest/events');
}

/** POSTs one partner event, signed as the partner would sign it (Standard Webhooks). */
async function sendPartnerEvent(partnerId, secret, event) {
  const body = JSON.stringify(event);
  const response = await fetch(ingestUrl(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'webhook-partner': partnerId, ...webhookHeaders(secret, body) },
    body,
  });
  if (response.status !== 202) throw new Error(`POST /ingest/events: ${response.status} ${await response.text()}`);
}

/** Polls `probe` until it returns something truthy (30 s at most): workers act asynchronously. */
async function waitFor(probe, what) {
  const deadline = Date.now() + 30000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}; is the event relay running?`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
