#!/usr/bin/env bash
# The unit and integration tiers under Node 22 (issue 12, item 6), next to `npm test` on Node 20:
# the same jest run as `npm run test:unit` and `npm run test:int`. Needs `npm run build` first.
set -euo pipefail
cd "$(dirname "$0")/.."
node22="$(bash scripts/node22.sh)"
echo "Node $("$node22" --version): unit and integration tests"
exec "$node22" node_modules/jest/bin/jest.js --runInBand unit int "$@"
