'use strict';
// Free TCP ports for test and benchmark process trees.
//
// A port taken from the kernel with listen(0) lies in the ephemeral range
// (/proc/sys/net/ipv4/ip_local_port_range, usually 32768–60999), the same range the kernel
// hands to every outgoing connection. Between closing the probe and the child process's
// listen(), a connection to Postgres, RabbitMQ or Redis could take that very port, and the
// child fails with EADDRINUSE. So ports are drawn at random from below the ephemeral range,
// where outgoing connections never land, checked on every interface, and never handed out
// twice by this process. The lowest port is above 10080, the one port above 10000 on the
// Fetch standard's "bad ports" list: Node's fetch refuses to connect to it, so a server
// there could never be health-checked (https://fetch.spec.whatwg.org/#port-blocking).
const fs = require('node:fs');
const net = require('node:net');

const LOWEST = 10100;
const handedOut = new Set();

function ephemeralLow() {
  try {
    const [low] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && low > LOWEST + 1000) return low;
  } catch {
    // not Linux: fall back to the IANA dynamic range's start
  }
  return 49152;
}

/** Resolves true when nothing listens on the port on any interface. */
function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A free port below the ephemeral range. With `span`, the ports port … port+span are checked
 * too (for a server that also listens on port+offset, such as a RabbitMQ node's distribution).
 */
async function freePort(options = {}) {
  const offset = options.offset ?? 0;
  const highest = ephemeralLow() - 1 - offset;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (highest - LOWEST));
    const ports = offset ? [port, port + offset] : [port];
    if (ports.some((candidate) => handedOut.has(candidate))) continue;
    let free = true;
    for (const candidate of ports) free = free && (await isPortFree(candidate));
    if (!free) continue;
    for (const candidate of ports) handedOut.add(candidate);
    return port;
  }
  throw new Error(`No free port found between ${LOWEST} and ${highest}`);
}

module.exports = { freePort, isPortFree };
