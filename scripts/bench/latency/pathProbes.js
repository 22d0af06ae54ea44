// Stamps two points of the event path the bench can watch without touching it: the care
// outbox's NOTIFY (sent by Postgres at the commit of the mutation's transaction) and the
// audit role's announcement on the circle's Redis log channel.
const { Client } = require('pg');
const Redis = require('ioredis');
const { OUTBOX_NOTIFY_CHANNEL, channelNames } = require('@caregraph/shared');
const { now } = require('./now');

/** Starts listening; `stop()` ends both connections. */
async function startPathProbes({ databaseUrl, redisUrl, namespace, careCircleId }) {
  const notifies = [];
  const announced = new Map();
  const listener = new Client({ connectionString: databaseUrl });
  await listener.connect();
  listener.on('notification', (message) => {
    if (message.payload === 'care') notifies.push(now());
  });
  await listener.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
  const subscriber = new Redis(redisUrl);
  subscriber.on('message', (_channel, text) => {
    const at = now();
    const logId = JSON.parse(text).data?.logId;
    if (logId) announced.set(logId, at);
  });
  await subscriber.subscribe(channelNames(namespace).careCircleLog(careCircleId.toLowerCase()));
  return {
    /** The first care outbox NOTIFY at or after `t` (mutations run one at a time). */
    commitAfter: (t) => notifies.find((at) => at >= t),
    announcedAt: (logId) => announced.get(logId),
    stop: async () => {
      await listener.end().catch(() => undefined);
      subscriber.disconnect();
    },
  };
}

module.exports = { startPathProbes };
