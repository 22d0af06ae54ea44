// Stamps three points of the event path the bench can watch without touching it: the care
// outbox's NOTIFY (sent by Postgres at the commit of the mutation's transaction), the event's
// routing in RabbitMQ (a copy on a bench-only queue bound to domain.events) and the audit
// role's announcement on the circle's Redis log channel.
const { Client } = require('pg');
const Redis = require('ioredis');
const amqp = require('amqplib');
const { OUTBOX_NOTIFY_CHANNEL, channelNames, topologyNames } = require('@caregraph/shared');
const { now } = require('./now');

/** Starts listening (to one circle's log channel, or to every circle's without `careCircleId`); `stop()` closes its three connections. */
async function startPathProbes({ databaseUrl, redisUrl, rabbitmqUrl, namespace, careCircleId }) {
  const notifies = [];
  const routed = new Map();
  const announced = new Map();
  // noDelay as the services use it; exclusive, so the queue goes with the connection.
  const broker = await amqp.connect(rabbitmqUrl, { noDelay: true });
  const channel = await broker.createChannel();
  const { queue } = await channel.assertQueue('', { exclusive: true, durable: false });
  await channel.bindQueue(queue, topologyNames(namespace).domainEvents, 'medication.logged');
  await channel.consume(queue, (message) => {
    if (message) routed.set(JSON.parse(message.content.toString()).data?.logId, now());
  }, { noAck: true });
  const listener = new Client({ connectionString: databaseUrl });
  await listener.connect();
  listener.on('notification', (message) => {
    if (message.payload === 'care') notifies.push(now());
  });
  await listener.query(`LISTEN ${OUTBOX_NOTIFY_CHANNEL}`);
  const subscriber = new Redis(redisUrl);
  const onAnnouncement = (text) => {
    const at = now();
    const logId = JSON.parse(text).data?.logId;
    if (logId) announced.set(logId, at);
  };
  subscriber.on('message', (_channel, text) => onAnnouncement(text));
  subscriber.on('pmessage', (_pattern, _channel, text) => onAnnouncement(text));
  if (careCircleId) await subscriber.subscribe(channelNames(namespace).careCircleLog(careCircleId.toLowerCase()));
  else await subscriber.psubscribe(channelNames(namespace).careCircleLog('*'));
  return {
    /** The first care outbox NOTIFY at or after `t` (mutations run one at a time). */
    commitAfter: (t) => notifies.find((at) => at >= t),
    routedAt: (logId) => routed.get(logId),
    announcedAt: (logId) => announced.get(logId),
    stop: async () => {
      await broker.close().catch(() => undefined);
      await listener.end().catch(() => undefined);
      subscriber.disconnect();
    },
  };
}

module.exports = { startPathProbes };
