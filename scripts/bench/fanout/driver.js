// One driver process of the fan-out bench (started with an IPC channel): it opens its share of the
// subscribers, each its own graphql-ws client and socket, and records for every event received
// its delay (receive time − the publisher's timestamp; both clocks are performance.timeOrigin +
// now() on one machine) and its sequence number. Sequence 0 are probes (is every subscription
// live?), 1…events the measured events. Commands from the bench, each answered once:
//   open { url, query, events, concurrency, timeoutMs, subscribers: [{ channel, authorization }] } → opened { connected, failed, error }
//   status → status { probed, measured, duplicates, closedEarly, errors, error } (counts so far; error: the first)
//   report → report { …status, latencies: [[ms…] per measured event] }
//   close → closed, then exit
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');

const now = () => performance.timeOrigin + performance.now();
const subscribers = [];
let latencies = [];
let events = 0;
const tally = { probed: 0, measured: 0, duplicates: 0, closedEarly: 0, errors: 0, error: undefined };

const noteError = (error) => {
  tally.errors++;
  tally.error ??= error instanceof Error ? error.message : JSON.stringify(error).slice(0, 300);
};

function onEvent(subscriber, result) {
  const event = result.data?.fanoutEvent;
  if (!event || result.errors) return noteError(result.errors ?? result);
  if (event.seq === 0) {
    if (!subscriber.probed) tally.probed++;
    subscriber.probed = true;
    return;
  }
  if (!(event.seq >= 1 && event.seq <= events)) return noteError(new Error(`unexpected seq ${event.seq}`));
  if (subscriber.seen[event.seq]++) {
    tally.duplicates++;
    return;
  }
  tally.measured++;
  latencies[event.seq - 1].push(now() - event.publishedAt);
}

/** Connects one subscriber; resolves true once connection_ack arrived, false if the socket failed first. */
function openOne(url, query, { channel, authorization }, timeoutMs) {
  return new Promise((resolve) => {
    const subscriber = { seen: new Uint8Array(events + 1), probed: false, connected: false };
    const timer = setTimeout(() => resolve(false), timeoutMs);
    subscriber.client = createClient({
      url,
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      lazy: false,
      retryAttempts: 0,
      shouldRetry: () => false,
      on: {
        connected: () => {
          subscriber.connected = true;
          clearTimeout(timer);
          resolve(true);
        },
        closed: (event) => {
          if (subscriber.connected && !subscriber.disposing) tally.closedEarly++;
          if (!subscriber.connected) {
            noteError(new Error(`socket closed before ack: ${event?.code} ${event?.reason ?? ''}`));
            clearTimeout(timer);
            resolve(false);
          }
        },
      },
    });
    subscriber.client.subscribe({ query, variables: { channel } }, { next: (result) => onEvent(subscriber, result), error: noteError, complete: () => {} });
    subscribers.push(subscriber);
  });
}

async function open({ url, query, events: count, concurrency, timeoutMs, subscribers: wanted }) {
  events = count;
  latencies = Array.from({ length: count }, () => []);
  let next = 0;
  let connected = 0;
  const deadline = Date.now() + timeoutMs;
  const worker = async () => {
    while (next < wanted.length && Date.now() < deadline) {
      const spec = wanted[next++];
      if (await openOne(url, query, spec, Math.max(1, deadline - Date.now()))) connected++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, wanted.length) }, worker));
  return { connected, failed: wanted.length - connected, error: tally.error };
}

async function close() {
  for (const subscriber of subscribers) subscriber.disposing = true;
  await Promise.all(subscribers.map((s) => Promise.resolve(s.client.dispose()).catch(() => {})));
}

const handlers = {
  open: async (message) => ({ type: 'opened', ...(await open(message)) }),
  status: async () => ({ type: 'status', ...tally }),
  report: async () => ({ type: 'report', ...tally, latencies: latencies.map((list) => list.map((ms) => Math.round(ms * 100) / 100)) }),
  close: async () => {
    await close();
    return { type: 'closed' };
  },
};

process.on('message', (message) => {
  handlers[message.type](message).then(
    (answer) => {
      process.send(answer);
      if (message.type === 'close') setTimeout(() => process.exit(0), 100);
    },
    (error) => process.send({ type: 'failed', error: error.message }),
  );
});
process.on('disconnect', () => process.exit(0));
// Never outlive the bench: it holds our stdin open; when it goes, we go.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
console.log('driver ready');
