// One subscriber driver process of `npm run bench -- live`: a graphql-ws socket per member with
// both subscriptions on it; records when each medication.logged arrived, per field.
// IPC in: { members: [{ token, careCircleId, careRecipientId }], url } then 'collect' / 'stop'.
// IPC out: 'subscribed', 'failed: …', { deliveries: [[logId, field, receivedAt], …] }.
const WebSocket = require('ws');
const { createClient } = require('graphql-ws');
const { now } = require('../latency/now');

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

/** Opens the sockets at most OPENING at a time: a burst of thousands would outlast connection_init's timeout. */
const OPENING = 100;

async function subscribeAll(url, members) {
  const wsUrl = url.replace('http', 'ws');
  for (let start = 0; start < members.length; start += OPENING) {
    await Promise.all(members.slice(start, start + OPENING).map((member) => subscribe(wsUrl, member)));
  }
}

function subscribe(wsUrl, member) {
  return new Promise((resolve, reject) => {
    const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${member.token}` } });
    clients.push(client);
    const fail = (error) => reject(new Error(error?.reason ?? error?.message ?? JSON.stringify(error)));
    client.on('closed', (event) => fail(event));
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
    client.on('connected', () => resolve());
  });
}

function record(result, field, logIdOf) {
  const receivedAt = now();
  if (result.errors || !result.data) {
    deliveries.push([null, field, receivedAt, JSON.stringify(result.errors ?? 'no data')]);
    return;
  }
  deliveries.push([logIdOf(result.data), field, receivedAt]);
}
