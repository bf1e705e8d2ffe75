#!/bin/sh
# Refresh the web pages' vendored front-end library (Cytoscape.js) from the npm registry.
#
# The pages serve Cytoscape.js from /static/vendor (no CDN, nothing fetched at run time), so the file must
# be inside the Python package, and it is committed there: a wheel built from a clean checkout (no npm, no
# make) must serve the map. This script is how the committed copy changes: bump the version in package.json,
# `npm install --package-lock-only` to re-pin package-lock.json, then `make static`. `npm ci` installs exactly
# what package-lock.json pins (integrity hashes checked), with install scripts off. It writes the minified
# file, its licence and SOURCE.txt (version and SHA-256), which tests/web/test_vendored.py checks against
# package-lock.json; commit all three.
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
VENDOR="$ROOT/factionmap/web/static/vendor"

cd "$ROOT"
if ! command -v npm >/dev/null 2>&1; then
  echo "build_static: npm is not installed (needed only to refresh the committed Cytoscape.js from the npm registry)" >&2
  exit 1
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
mkdir -p "$VENDOR"
cp node_modules/cytoscape/dist/cytoscape.min.js "$VENDOR/cytoscape.min.js"
cp node_modules/cytoscape/LICENSE "$VENDOR/cytoscape.LICENSE"
VERSION=$(node -p "require('./node_modules/cytoscape/package.json').version")
SHA256=$(node -e "process.stdout.write(require('crypto').createHash('sha256').update(require('fs').readFileSync('$VENDOR/cytoscape.min.js')).digest('hex'))")
cat > "$VENDOR/SOURCE.txt" <<NOTE
cytoscape $VERSION from the npm registry, as pinned by package-lock.json
file: node_modules/cytoscape/dist/cytoscape.min.js (licence: cytoscape.LICENSE, MIT)
sha256: $SHA256
refresh: make static (tools/build_static.sh), then commit this folder
NOTE
echo "cytoscape $VERSION -> factionmap/web/static/vendor/ (commit it)"
