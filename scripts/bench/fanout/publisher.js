// The fan-out bench's Redis side: one event per channel per tick ({ channel, seq, publishedAt },
// publishedAt = performance.timeOrigin + now() just before the PUBLISH), and the clean-up of the
// keys its servers made under the run's prefix (CareGraph's rate-limit counters
// `<prefix>:gateway.rl.*`, Hive's `subscribers:<prefix>` set); nothing else is deleted.
const Redis = require('ioredis');
const { channelName } = require('./fanoutSchema');

const MAX_SCAN_ROUNDS = 1000;

async function createPublisher(redisUrl, prefix, channels) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  const names = Array.from({ length: channels }, (_, k) => channelName(prefix, k));
  return {
    /** Publishes `seq` on every channel; resolves to the number of servers' subscriptions Redis reached on each. */
    async publishTick(seq) {
      const pipeline = redis.pipeline();
      names.forEach((name, k) => pipeline.publish(name, JSON.stringify({ channel: k, seq, publishedAt: performance.timeOrigin + performance.now() })));
      const results = await pipeline.exec();
      return results.map(([error, receivers]) => (error ? 0 : receivers));
    },
    /** Deletes the keys under this run's prefix (bounded scan). */
    async deleteRunKeys() {
      let deleted = 0;
      for (const pattern of [`${prefix}:*`, `subscribers:${prefix}`]) {
        let cursor = '0';
        for (let round = 0; round < MAX_SCAN_ROUNDS; round++) {
          const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          if (keys.length) deleted += await redis.del(...keys);
          cursor = next;
          if (cursor === '0') break;
        }
      }
      return deleted;
    },
    quit: () => redis.quit(),
  };
}

module.exports = { createPublisher };
