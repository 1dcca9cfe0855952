#!/usr/bin/env bash
# Everything the tests need, then all the tests: dependencies, Chromium (the dashboard test), a build (e2e tests run the
# built roles as real processes), then Jest, which starts Redis and the MongoDB-protocol
# server itself (libs/testing/src/global-setup.mjs). Extra arguments go to Jest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-browser.sh
npm run build --silent
# Type errors in tests fail the run too (Jest transpiles without checking types).
npm run typecheck --silent
exec node --experimental-vm-modules node_modules/jest/bin/jest.js --runInBand "$@"
