#!/usr/bin/env node
// `npm run bench -- <name> [options]`: runs one benchmark from scripts/bench/<name>.js and prints
// a table. Benchmarks measure; tests never time anything. Names: the files in scripts/bench (latency, relay, probes, gateway, fanout, live).
const path = require('node:path');
const fs = require('node:fs');

const [name, ...args] = process.argv.slice(2);
const available = fs.readdirSync(path.join(__dirname, 'bench')).filter((f) => f.endsWith('.js')).map((f) => f.replace(/\.js$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <${available.join('|')}> [options]`);
  process.exit(2);
}
require(`./bench/${name}`)
  .run(args)
  .then(() => process.exit(0))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
