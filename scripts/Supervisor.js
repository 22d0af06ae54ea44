// Keeps the services-mode child processes running: a child that dies is logged and started
// again after a backoff (0.5 s doubling to 30 s; back to 0.5 s once it has run for a minute),
// instead of taking every other process down. `status()` is what the launcher's /health shows.
const { spawn } = require('node:child_process');

const FIRST_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;
const STABLE_AFTER_MS = 60_000;

class Supervisor {
  constructor({ cwd, env, log = console.error, firstDelayMs = FIRST_DELAY_MS, maxDelayMs = MAX_DELAY_MS }) {
    Object.assign(this, { cwd, env, log, firstDelayMs, maxDelayMs });
    this.children = new Map();
    this.stopping = false;
  }

  /** Starts `node args…` as `name` and keeps it running until stop(). */
  run(name, args, extraEnv = {}) {
    const entry = { name, args, extraEnv, restarts: 0, delayMs: this.firstDelayMs, state: 'starting', lastExit: undefined, process: undefined, timer: undefined };
    this.children.set(name, entry);
    this.spawn(entry);
  }

  spawn(entry) {
    const child = spawn(process.execPath, entry.args, { cwd: this.cwd, env: { ...this.env, ...entry.extraEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
    entry.process = child;
    entry.state = 'running';
    entry.startedAt = Date.now();
    child.once('exit', (code, signal) => {
      entry.process = undefined;
      if (this.stopping) {
        entry.state = 'stopped';
        return;
      }
      entry.lastExit = { code, signal, at: new Date().toISOString() };
      if (Date.now() - entry.startedAt > STABLE_AFTER_MS) entry.delayMs = this.firstDelayMs;
      entry.state = 'restarting';
      entry.restarts += 1;
      this.log(`${entry.name} exited (${signal ?? code}); restarting in ${entry.delayMs} ms (restart ${entry.restarts}).`);
      entry.timer = setTimeout(() => this.spawn(entry), entry.delayMs);
      entry.delayMs = Math.min(entry.delayMs * 2, this.maxDelayMs);
    });
  }

  /** Each child's state, pid, restarts and last exit; `ok` while every child is running. */
  status() {
    const children = [...this.children.values()].map(({ name, state, restarts, lastExit, process: child }) => ({ name, state, pid: child?.pid, restarts, lastExit }));
    return { status: children.every((child) => child.state === 'running') ? 'ok' : 'degraded', children };
  }

  /** SIGTERM to every child; resolves when all have exited (SIGKILL after `graceMs`). */
  async stop(graceMs = 5000) {
    this.stopping = true;
    const exits = [...this.children.values()].map((entry) => {
      clearTimeout(entry.timer);
      const child = entry.process;
      if (!child || child.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    });
    await Promise.all(exits);
  }
}

module.exports = { Supervisor };
