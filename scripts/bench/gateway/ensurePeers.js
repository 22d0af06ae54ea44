// The peers (Apollo Gateway, Hive Gateway, router-runtime, autocannon) live in the bench's own
// package, scripts/bench/peers, installed from its lockfile on first use so that the project's
// `npm install` stays lean.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const PEERS = path.resolve(__dirname, '../peers');

function ensurePeers() {
  if (fs.existsSync(path.join(PEERS, 'node_modules/.package-lock.json'))) return;
  console.log(`installing the bench's peers into ${path.relative(process.cwd(), PEERS)} (first use, about 2 minutes)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', PEERS, '--no-audit', '--no-fund'], { stdio: 'inherit', timeout: 15 * 60_000 });
  if (result.status !== 0) throw new Error(`npm ci --prefix ${PEERS} failed (${result.status ?? result.signal})`);
}

module.exports = { ensurePeers };
