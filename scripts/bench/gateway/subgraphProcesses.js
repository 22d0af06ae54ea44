// Starts the four benchmark subgraphs, one process each, and reads their call counters.
const path = require('node:path');
const { freePort } = require('../../freePort');
const { startChild } = require('./children');
const { SUBGRAPH_NAMES } = require('./benchSubgraphs');

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Resolves to { urls: name → URL, pids, stats(): per-subgraph { calls, distinctAuthorizations }
 * since the last call }.
 */
async function startSubgraphs() {
  const urls = {};
  const pids = [];
  await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => {
      const port = await freePort();
      const { child } = await startChild(`subgraph ${name}`, process.execPath, [path.join(__dirname, 'subgraphServer.js'), name, String(port)], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, NODE_ENV: 'production' },
        ready: /listening \d+/,
        timeoutMs: 30_000,
      });
      urls[name] = `http://127.0.0.1:${port}/graphql`;
      pids.push(child.pid);
    }),
  );
  const stats = async () => {
    const entries = await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => {
        const response = await fetch(new URL('/stats', urls[name]), { signal: AbortSignal.timeout(5000) });
        return [name, await response.json()];
      }),
    );
    return Object.fromEntries(entries);
  };
  return { urls, pids, stats };
}

module.exports = { startSubgraphs };
