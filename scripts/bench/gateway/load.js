// The load generator: autocannon from the bench's peers package (wrk is not used: it cannot
// check every answer without per-thread Lua bookkeeping, and is not installed here).
// Keep-alive connections POST the benchmark query; every answer is checked against the
// reference, byte for byte (a trailing newline, which Apollo Server appends, is allowed).
const path = require('node:path');
const { randomBytes } = require('node:crypto');

const PEERS = path.resolve(__dirname, '../peers');
// Loaded on first use: the peers package is installed by the bench itself (ensurePeers) on its first run.
const autocannon = (...args) => require(require.resolve('autocannon', { paths: [PEERS] }))(...args);

/**
 * Runs `seconds` of load on `url`. scenario 'a': the same request on every connection;
 * 'b': every request its own `Authorization: Bearer <distinct>`.
 */
function runLoad({ url, body, expected, scenario, connections, seconds }) {
  const withNewline = `${expected}\n`;
  let badSample;
  const verifyBody = (text) => {
    if (text === expected || text === withNewline) return true;
    badSample ??= String(text).slice(0, 300);
    return false;
  };
  const base = { method: 'POST', path: new URL(url).pathname, headers: { 'content-type': 'application/json' }, body };
  let request = base;
  if (scenario === 'b') {
    const nonce = randomBytes(4).toString('hex');
    let sequence = 0;
    request = { ...base, setupRequest: (req) => ({ ...req, headers: { ...base.headers, authorization: `Bearer bench-${nonce}-${++sequence}` } }) };
  }
  return new Promise((resolve, reject) => {
    autocannon(
      { url, connections, duration: seconds, requests: [request], verifyBody, timeout: 30 },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requests: result.requests.total,
          sent: result.requests.sent,
          durationSeconds: result.duration,
          p50: result.latency.p50,
          p99: result.latency.p99,
          mismatches: result.mismatches,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          badSample,
        });
      },
    );
  });
}

module.exports = { runLoad };
