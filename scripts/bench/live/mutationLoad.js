// Open-loop load: `rate` logMedication mutations per second for `seconds`, spread round-robin over
// the circles, each by the circle's first CAREGIVER. Returns when every answer is in.
const { now } = require('../latency/now');

const LOG = 'mutation($i: LogMedicationInput!) { logMedication(input: $i) { id } }';
const MAX_IN_FLIGHT = 2000;

async function mutationLoad(url, circles, rate, seconds, offset) {
  const sent = new Map(); // logId → sentAt
  const failures = [];
  const answers = [];
  const total = Math.round(rate * seconds);
  const started = Date.now();
  let inFlight = 0;
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight >= MAX_IN_FLIGHT) {
      failures.push('client backlog: over 2,000 mutations in flight');
      break;
    }
    const circle = circles[(offset + index) % circles.length];
    const sentAt = now();
    inFlight += 1;
    answers.push(
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${circle.members[1].token}` },
        body: JSON.stringify({ query: LOG, variables: { i: { medicationId: circle.medicationId, status: 'GIVEN' } } }),
      })
        .then((response) => response.json())
        .then((body) => {
          if (body.errors) failures.push(JSON.stringify(body.errors).slice(0, 300));
          else sent.set(body.data.logMedication.id, { sentAt, answeredAt: now() });
        })
        .catch((error) => failures.push(error.message))
        .finally(() => {
          inFlight -= 1;
        }),
    );
  }
  await Promise.all(answers);
  return { sent, failures, offeredSeconds: (Date.now() - started) / 1000 };
}

module.exports = { mutationLoad };
