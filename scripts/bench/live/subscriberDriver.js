// One subscriber driver process of `npm run bench -- live`: a graphql-ws socket per member with
// both subscriptions on it; records when each medication.logged arrived, per field.
// IPC in: { members: [{ token, careCircleId, careRecipientId }], url } then 'collect' / 'stop'.
// IPC out: 'subscribed', 'failed: …', { deliveries: [[logId, field, receivedAt], …] }.
const WebSocket = require('ws');
const { createClient } = require('graphql-ws');

const EVENTS = 'subscription($c: ID!) { careCircleEvents(careCircleId: $c, types: ["medication.logged"]) { sequence data actor { displayName } } }';
const LOGGED = 'subscription($r: ID!) { medicationLogged(careRecipientId: $r) { id status loggedBy { displayName } } }';

let deliveries = [];
const clients = [];

process.on('message', (message) => {
  if (message === 'collect') {
    process.send({ deliveries });
    deliveries = [];
  } else if (message === 'stop') {
    Promise.all(clients.map((client) => client.dispose())).finally(() => process.exit(0));
  } else if (message && message.members) {
    subscribeAll(message.url, message.members).then(
      () => process.send('subscribed'),
      (error) => process.send(`failed: ${error.message}`),
    );
  }
});

async function subscribeAll(url, members) {
  const wsUrl = url.replace('http', 'ws');
  let pending = members.length;
  await new Promise((resolve, reject) => {
    for (const member of members) {
      const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${member.token}` } });
      clients.push(client);
      const fail = (error) => reject(new Error(error?.message ?? JSON.stringify(error)));
      client.subscribe({ query: EVENTS, variables: { c: member.careCircleId } }, {
        next: (result) => record(result, 'careCircleEvents', (data) => data.careCircleEvents.data.logId),
        error: fail,
        complete: () => undefined,
      });
      client.subscribe({ query: LOGGED, variables: { r: member.careRecipientId } }, {
        next: (result) => record(result, 'medicationLogged', (data) => data.medicationLogged.id),
        error: fail,
        complete: () => undefined,
      });
      client.on('connected', () => {
        pending -= 1;
        if (pending === 0) resolve();
      });
    }
  });
}

function record(result, field, logIdOf) {
  const receivedAt = Date.now();
  if (result.errors || !result.data) {
    deliveries.push([null, field, receivedAt, JSON.stringify(result.errors ?? 'no data')]);
    return;
  }
  deliveries.push([logIdOf(result.data), field, receivedAt]);
}
