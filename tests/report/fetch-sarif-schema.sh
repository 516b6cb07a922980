#!/bin/sh
# Install the official SARIF 2.1.0 JSON schema for the report tests.
# The network here reaches only the Debian and npm registries, and no Debian
# package ships the schema; the npm package @microsoft/jest-sarif (MIT) does,
# as lib/schemas/sarif-2.1.0-rtm.5.json (the OASIS 2.1.0 schema as published
# by SchemaStore). Usage: fetch-sarif-schema.sh [DEST_FILE]
# Default destination: ${XDG_CACHE_HOME:-$HOME/.cache}/attrcheck/sarif-2.1.0-rtm.5.json,
# where tests/report/check_report.py looks (or set AC_SARIF_SCHEMA).
set -eu
PKG="@microsoft/jest-sarif@1.0.0-beta.0"
MEMBER="package/lib/schemas/sarif-2.1.0-rtm.5.json"
DEST="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/attrcheck/sarif-2.1.0-rtm.5.json}"

if [ -s "$DEST" ]; then
  echo "fetch-sarif-schema: $DEST is already there"
  exit 0
fi
command -v npm >/dev/null 2>&1 || { echo "fetch-sarif-schema: npm is needed (apt-get install npm)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$PKG" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work" "$MEMBER"
mkdir -p "$(dirname "$DEST")"
cp "$work/$MEMBER" "$DEST.tmp.$$"
mv "$DEST.tmp.$$" "$DEST"
echo "fetch-sarif-schema: installed $DEST"
