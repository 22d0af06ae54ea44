// Command-line options of `npm run bench -- fanout`.
const { SERVERS } = require('./servers');

const CREDENTIALS = ['shared', 'distinct'];
const USAGE = `npm run bench -- fanout [--subscribers 1000,5000,10000] [--channels 10] [--events 20] [--interval-ms 500]
  [--servers ${Object.keys(SERVERS).join(',')}] [--credentials ${CREDENTIALS.join(',')}] [--rounds 2] [--drivers 4] [--json FILE]`;

/** The largest N: every subscriber is one socket, and the server holds one fd per socket (ulimit -n). */
const MAX_SUBSCRIBERS = 15_000;

function parseOptions(args) {
  const value = (flag, fallback) => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : fallback;
  };
  const whole = (flag, text, max) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${flag}: whole numbers from 1 to ${max}\n${USAGE}`);
    return n;
  };
  const list = (flag, fallback, allowed) => {
    const names = value(flag, fallback).split(',').filter(Boolean);
    const unknown = names.filter((name) => !allowed.includes(name));
    if (unknown.length || !names.length) throw new Error(`${flag}: unknown ${unknown.join(', ')}\n${USAGE}`);
    return names;
  };
  return {
    subscribers: value('--subscribers', '1000,5000,10000').split(',').map((n) => whole('--subscribers', n, MAX_SUBSCRIBERS)),
    channels: whole('--channels', value('--channels', 10), 1000),
    events: whole('--events', value('--events', 20), 1000),
    intervalMs: whole('--interval-ms', value('--interval-ms', 500), 60_000),
    servers: list('--servers', Object.keys(SERVERS).join(','), Object.keys(SERVERS)),
    credentials: list('--credentials', CREDENTIALS.join(','), CREDENTIALS),
    rounds: whole('--rounds', value('--rounds', 2), 20),
    drivers: whole('--drivers', value('--drivers', 4), 16),
    json: value('--json'),
  };
}

module.exports = { parseOptions, USAGE };
