#!/bin/sh
# Copy the web pages' front-end libraries from the npm registry into the package's static folder.
#
# The pages serve Cytoscape.js from /static/vendor (no CDN, nothing fetched at run time), so the file
# must be inside the Python package. `npm ci` installs exactly what package-lock.json pins (integrity
# hashes checked), with install scripts off; the copies are gitignored and rebuilt by `make`.
set -eu

ROOT=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
VENDOR="$ROOT/factionmap/web/static/vendor"

cd "$ROOT"
if ! command -v npm >/dev/null 2>&1; then
  echo "build_static: npm is not installed (needed once, to fetch cytoscape from the npm registry)" >&2
  exit 1
fi
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
mkdir -p "$VENDOR"
cp node_modules/cytoscape/dist/cytoscape.min.js "$VENDOR/cytoscape.min.js"
cp node_modules/cytoscape/LICENSE "$VENDOR/cytoscape.LICENSE"
VERSION=$(node -p "require('./node_modules/cytoscape/package.json').version")
echo "cytoscape $VERSION -> factionmap/web/static/vendor/"
