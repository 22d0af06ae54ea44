// Command-line options of `npm run bench -- gateway`.
const { GATEWAYS, DEFAULT_GATEWAYS } = require('./gateways');

const USAGE = `npm run bench -- gateway [--seconds 10] [--warmup 3] [--warmup-requests 500] [--rounds 2] [--connections 50]
  [--scenario a|b|both] [--gateways ${DEFAULT_GATEWAYS.join(',')}] [--json FILE]
  gateways: ${Object.keys(GATEWAYS).join(', ')}`;

function parseOptions(args) {
  const value = (flag, fallback) => {
    const index = args.indexOf(flag);
    return index >= 0 ? args[index + 1] : fallback;
  };
  const positive = (flag, fallback, max) => {
    const n = Number(value(flag, fallback));
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${flag}: a whole number from 1 to ${max}\n${USAGE}`);
    return n;
  };
  const scenario = value('--scenario', 'both');
  if (!['a', 'b', 'both'].includes(scenario)) throw new Error(`--scenario: a, b or both\n${USAGE}`);
  const gateways = value('--gateways', DEFAULT_GATEWAYS.join(',')).split(',').filter(Boolean);
  const unknown = gateways.filter((name) => !GATEWAYS[name]);
  if (unknown.length || !gateways.length) throw new Error(`--gateways: unknown ${unknown.join(', ')}\n${USAGE}`);
  return {
    seconds: positive('--seconds', 10, 600),
    warmupSeconds: positive('--warmup', 3, 120),
    warmupRequests: positive('--warmup-requests', 500, 1_000_000),
    rounds: positive('--rounds', 2, 20),
    connections: positive('--connections', 50, 1000),
    scenarios: scenario === 'both' ? ['a', 'b'] : [scenario],
    gateways,
    json: value('--json'),
  };
}

module.exports = { parseOptions, USAGE };
