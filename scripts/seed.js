#!/usr/bin/env node
// `npm run seed`: a demo care circle with data in every domain, on a running CareGraph
// (`npm start` first). Domain actions go through the gateway like any app's; the steps that
// only workers take today (the booking saga's bill, the notification and audit consumers) call
// the same package commands those workers use.
//   CAREGRAPH_URL (http://localhost:4000/graphql); DATABASE_URL (else the embedded default)
require('reflect-metadata');
const { randomBytes } = require('node:crypto');
const { createOrm } = require('@caregraph/shared');
const billing = require('@caregraph/billing');
const notifications = require('@caregraph/notifications');
const audit = require('@caregraph/audit');

const url = process.env.CAREGRAPH_URL ?? 'http://localhost:4000/graphql';
const databaseUrl = process.env.DATABASE_URL ?? `postgres://postgres:caregraph@127.0.0.1:${process.env.EMBEDDED_PG_PORT ?? 54329}/caregraph`;
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
  await gql('mutation($i: AddMemberInput!) { addMember(input: $i) { role } }', { i: { careCircleId: circle.id, email: ben.email, role: 'CAREGIVER' } }, anna.token);
  await gql('mutation($i: AddMemberInput!) { addMember(input: $i) { role } }', { i: { careCircleId: circle.id, email: carla.email, role: 'VIEWER' } }, anna.token);

  const { addCareRecipient: rose } = await gql('mutation($i: AddCareRecipientInput!) { addCareRecipient(input: $i) { id } }', {
    i: { careCircleId: circle.id, name: 'Rose', dateOfBirth: '1938-04-12' },
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

  // What the booking saga and the consumers do, through the same package commands.
  const billingOrm = await createOrm({ clientUrl: databaseUrl, schema: 'billing', entities: billing.billingEntities, migrations: billing.billingMigrations });
  const notificationsOrm = await createOrm({ clientUrl: databaseUrl, schema: 'notifications', entities: notifications.notificationsEntities, migrations: notifications.notificationsMigrations });
  const auditOrm = await createOrm({ clientUrl: databaseUrl, schema: 'audit', entities: audit.auditEntities, migrations: audit.auditMigrations });
  try {
    const bill = await billing.createBill(billingOrm.em.fork(), { appointmentId: appointment.id, careCircleId: circle.id, amountCents: 12000 });
    await gql('mutation($i: PayBillInput!) { payBill(input: $i) { id status } }', { i: { billId: bill.id, paymentMethod: 'pm_card_ok' } }, anna.token);

    const events = [];
    for (const schema of ['identity', 'care', 'billing']) {
      const rows = await auditOrm.em.getConnection().execute(`select payload from "${schema}".outbox order by sequence`);
      events.push(...rows.map((row) => row.payload).filter((event) => event.carecircleid === circle.id));
    }
    const alertEvent = events.find((event) => event.type === 'emergency.alert.created');
    await notificationsOrm.em.fork().transactional((em) =>
      notifications.createNotifications(em, {
        event: alertEvent,
        recipients: [anna, ben, carla].map((member) => ({ userId: member.user.id, careCircleId: circle.id })),
        title: 'Emergency: Rose',
        body: alertEvent.data.message,
        priority: 'CRITICAL',
        channels: ['IN_APP', 'EMAIL', 'PUSH', 'SMS'],
      }),
    );
    await auditOrm.em.fork().transactional(async (em) => {
      for (const event of events) await audit.appendToAuditLog(em, event);
    });
    console.log(`Seeded the care circle "Grandma Rose" (${circle.id}) with ${events.length} audited events.`);
    console.log(`Sign in as ${anna.email} (OWNER), ${ben.email} (CAREGIVER) or ${carla.email} (VIEWER), password "${PASSWORD}".`);
  } finally {
    await Promise.all([billingOrm.close(), notificationsOrm.close(), auditOrm.close()]);
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
