#!/usr/bin/env bash
# Re-vendor the front-end assets listed in static/vendor/manifest.json from the npm registry.
# Run by hand when upgrading; the result is committed so the app never needs npm or a CDN at run time.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack @rijkshuisstijl-community/components-css@12.0.0 @rijkshuisstijl-community/design-tokens@11.1.0 htmx.org@2.0.11 chart.js@4.6.1 >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done
v="$top/static/vendor"
mkdir -p "$v/rijkshuisstijl-community" "$v/htmx" "$v/chartjs"
cp rijkshuisstijl-community-components-css-12.0.0/package/dist/index.css "$v/rijkshuisstijl-community/components.css"
cp rijkshuisstijl-community-design-tokens-11.1.0/package/dist/index.css "$v/rijkshuisstijl-community/design-tokens.css"
cp htmx.org-2.0.11/package/dist/htmx.min.js "$v/htmx/htmx.min.js"
cp chart.js-4.6.1/package/dist/chart.umd.min.js "$v/chartjs/chart.umd.min.js"
echo "vendored into $v"
