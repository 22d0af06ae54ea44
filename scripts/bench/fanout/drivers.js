// The driver processes of one measurement (driver.js, each with an IPC channel): the subscribers
// are dealt round-robin to them; `ask(type, fields)` sends one command to every driver and
// resolves to their answers, bounded by `timeoutMs`.
const path = require('node:path');
const { startChild, stopChild } = require('../gateway/children');
const { cpuMs } = require('../gateway/procStats');

const ROOT = path.resolve(__dirname, '../../..');

function request(child, message, timeoutMs) {
  return new Promise((resolve, reject) => {
    const done = (fn, value) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      fn(value);
    };
    const onMessage = (answer) => (answer.type === 'failed' ? done(reject, new Error(`driver: ${answer.error}`)) : done(resolve, answer));
    const onExit = (code) => done(reject, new Error(`driver exited (${code}) during ${message.type}`));
    const timer = setTimeout(() => done(reject, new Error(`driver did not answer ${message.type} within ${timeoutMs} ms`)), timeoutMs);
    child.on('message', onMessage);
    child.once('exit', onExit);
    // A driver already gone (SIGINT stops every process at once) fails the request, not the bench.
    if (!child.connected) return done(reject, new Error(`driver gone before ${message.type}`));
    child.send(message, (error) => error && done(reject, error));
  });
}

async function startDrivers(count) {
  const started = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      startChild(`driver ${i + 1}`, process.execPath, [path.join(__dirname, 'driver.js')], {
        env: { PATH: process.env.PATH, NODE_ENV: 'production' },
        cwd: ROOT,
        ready: /driver ready/,
        ipc: true,
        timeoutMs: 30_000,
      }),
    ),
  );
  const children = started.map((s) => s.child);
  return {
    count,
    /** Sends `{ type, ...fields(i) }` to driver i, for every driver at once. */
    ask: (type, fields = () => ({}), timeoutMs = 30_000) => Promise.all(children.map((child, i) => request(child, { type, ...fields(i) }, timeoutMs))),
    cpuMs: () => children.reduce((sum, child) => sum + cpuMs(child.pid), 0),
    stop: async () => {
      await Promise.all(children.map((child) => request(child, { type: 'close' }, 20_000).catch(() => {})));
      await Promise.all(children.map((child) => stopChild(child)));
    },
  };
}

module.exports = { startDrivers };
