// Seeds `circles` care circles straight into a fresh CareGraph database (the tables the
// migrations created), each with one recipient, one medication and the members of ROLES, and
// signs each member a token: signing up thousands of users through identity would spend the
// benchmark's minutes hashing passwords. Nothing here is on the measured path.
const { randomUUID } = require('node:crypto');
const { Client } = require('pg');
const { signToken } = require('@caregraph/shared');

/** Five members per circle; each role is its own scope (docs/adr/0009). */
const ROLES = ['OWNER', 'CAREGIVER', 'CAREGIVER', 'FAMILY', 'VIEWER'];
const BATCH = 500;

async function seedCircles(databaseUrl, circles, jwtSecret) {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const seeded = [];
    for (let start = 0; start < circles; start += BATCH) {
      const batch = [];
      for (let index = start; index < Math.min(circles, start + BATCH); index += 1) {
        batch.push({
          careCircleId: randomUUID(),
          careRecipientId: randomUUID(),
          medicationId: randomUUID(),
          members: ROLES.map((role, position) => ({ id: randomUUID(), email: `live-${index}-${position}@bench.example`, role })),
        });
      }
      await insert(db, batch);
      seeded.push(...batch);
    }
    for (const circle of seeded) {
      for (const member of circle.members) member.token = await signToken({ id: member.id, email: member.email }, jwtSecret, '6h');
    }
    return seeded;
  } finally {
    await db.end();
  }
}

async function insert(db, batch) {
  const members = batch.flatMap((circle) => circle.members.map((member) => ({ ...member, careCircleId: circle.careCircleId })));
  await db.query('begin');
  await db.query(
    `insert into identity.users (id, email, password_hash, display_name)
     select id, email, 'not-a-password-hash', 'Member ' || email from unnest($1::uuid[], $2::text[]) as m(id, email)`,
    [members.map((m) => m.id), members.map((m) => m.email)],
  );
  await db.query(
    `insert into identity.care_circles (id, name, created_by_id) select id, 'Live bench', owner from unnest($1::uuid[], $2::uuid[]) as c(id, owner)`,
    [batch.map((c) => c.careCircleId), batch.map((c) => c.members[0].id)],
  );
  await db.query(
    `insert into identity.memberships (id, care_circle_id, user_id, role)
     select gen_random_uuid(), circle, member, role from unnest($1::uuid[], $2::uuid[], $3::text[]) as m(circle, member, role)`,
    [members.map((m) => m.careCircleId), members.map((m) => m.id), members.map((m) => m.role)],
  );
  await db.query(
    `insert into care.care_recipient (id, care_circle_id, name, created_by_id) select id, circle, 'Recipient', owner from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as r(id, circle, owner)`,
    [batch.map((c) => c.careRecipientId), batch.map((c) => c.careCircleId), batch.map((c) => c.members[0].id)],
  );
  await db.query(
    `insert into care.medication (id, care_recipient_id, care_circle_id, name, dosage, schedule_times, supply_remaining, refill_threshold)
     select id, recipient, circle, 'Metformin', '500 mg', '{08:00,20:00}', 1000000, 0 from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as m(id, recipient, circle)`,
    [batch.map((c) => c.medicationId), batch.map((c) => c.careRecipientId), batch.map((c) => c.careCircleId)],
  );
  await db.query('commit');
}

module.exports = { seedCircles, ROLES };
