// Every process the gateway bench starts, so that all of them end with it: on success, on error,
// on SIGINT/SIGTERM, and (for our own scripts, which exit when their stdin closes) even when the
// bench is killed outright.
const { spawn } = require('node:child_process');

const running = new Set();

/**
 * Starts `command args` and resolves once its stdout matches `ready` (bounded by `timeoutMs`), or
 * at once when `ready` is null; rejects, with its stderr, if it exits or times out first. With
 * `ipc`, the child (a node script) also gets an IPC channel (child.send / process.on('message')).
 */
function startChild(label, command, args, { env, cwd, ready, timeoutMs = 60_000, ipc = false }) {
  const child = spawn(command, args, { env, cwd, stdio: ['pipe', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  if (!ready) {
    child.stdout.resume();
    return Promise.resolve({ child, stderr: () => stderr });
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${label} not ready after ${timeoutMs} ms\n${stderr}`)), timeoutMs);
    const fail = (error) => {
      clearTimeout(timer);
      stopChild(child).then(() => reject(error));
    };
    child.stdout.on('data', (chunk) => {
      if (stdout === null) return;
      stdout += chunk;
      const match = ready.exec(stdout);
      if (match) {
        stdout = null;
        clearTimeout(timer);
        child.stdout.resume();
        resolve({ child, match, stderr: () => stderr });
      } else if (stdout.length > 200_000) stdout = stdout.slice(-10_000);
    });
    child.once('exit', (code, signal) => fail(new Error(`${label} exited (${code ?? signal}) before it was ready\n${stderr}`)));
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
function stopChild(child, graceMs = 3000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function stopAll() {
  await Promise.all([...running].map((child) => stopChild(child)));
}

function killAllNow() {
  for (const child of running) child.kill('SIGKILL');
}

process.once('exit', killAllNow);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping every bench process`);
    stopAll().finally(() => process.exit(130));
  });
}

module.exports = { startChild, stopChild, stopAll };
