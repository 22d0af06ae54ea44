// Both builds' files end in .js: a package.json beside each tells Node how to load them
// (dist/esm as ES modules, dist/cjs as CommonJS), whatever the package's own "type" says.
const fs = require('node:fs');
const path = require('node:path');

for (const [folder, type] of [['esm', 'module'], ['cjs', 'commonjs']]) {
  fs.writeFileSync(path.join(__dirname, '..', 'dist', folder, 'package.json'), `${JSON.stringify({ type })}\n`);
}
