#!/usr/bin/env bash
# Re-create the vendored web assets from the npm registry (authors only; the files are committed,
# so building the book and running the tests never need npm or the network).
#
#   _ext/katex/               KaTeX: katex.min.js renders every formula while the book builds
#                             (_ext/static_math.py, in an embedded V8); its stylesheet and woff2
#                             fonts are copied into the site; the licence
#   tests/vendor/axe.min.js   axe-core, injected into every page by tests/test_browser.py
#
# Usage: bash tools/vendor-web-assets.sh     (needs npm; run from anywhere)
# To upgrade, change a version and its sha512 integrity below (npm view PKG@VERSION dist.integrity).
set -euo pipefail

KATEX_VERSION=0.19.1
KATEX_INTEGRITY='sha512-jG8uKntjSEcm2EpQOh0XturpPuuC9r3Sq5HLHdsFdWZT27E672SF19QEi+of0/YeOy15lDgRhKvr5614uRrEfA=='
AXE_VERSION=4.14.1
AXE_INTEGRITY='sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=='

root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch NAME VERSION INTEGRITY -> unpacks into $work/NAME
    local name=$1 version=$2 integrity=$3 tarball
    tarball=$(cd "$work" && npm pack --silent "$name@$version")
    local actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w0)"
    if [ "$actual" != "$integrity" ]; then
        echo "integrity mismatch for $name@$version: got $actual" >&2
        exit 1
    fi
    mkdir -p "$work/$name"
    tar xzf "$work/$tarball" -C "$work/$name" --strip-components=1
}

fetch katex "$KATEX_VERSION" "$KATEX_INTEGRITY"
dest="$root/_ext/katex"
rm -rf "$dest"
mkdir -p "$dest/fonts"
cp "$work/katex/LICENSE" "$work/katex/dist/katex.min.js" "$dest/"
cp "$work/katex/dist/fonts/"*.woff2 "$dest/fonts/"
# Every browser the book supports reads woff2: drop the woff and ttf fallbacks the site does not ship.
sed -E 's/,url\(fonts\/[A-Za-z0-9_-]+\.(woff|ttf)\) format\("(woff|truetype)"\)//g' \
    "$work/katex/dist/katex.min.css" > "$dest/katex.min.css"
cat > "$dest/VENDORED.txt" <<NOTE
KaTeX $KATEX_VERSION, from the npm package katex@$KATEX_VERSION ($KATEX_INTEGRITY).
MIT License: see LICENSE. Copied: dist/katex.min.js (used only while the book builds),
dist/katex.min.css (without its woff and ttf fallbacks), dist/fonts/*.woff2.
Re-create with: bash tools/vendor-web-assets.sh
NOTE

fetch axe-core "$AXE_VERSION" "$AXE_INTEGRITY"
mkdir -p "$root/tests/vendor"
cp "$work/axe-core/axe.min.js" "$root/tests/vendor/axe.min.js"   # keeps its licence header
cp "$work/axe-core/LICENSE" "$root/tests/vendor/axe-core.LICENSE"

echo "vendored katex@$KATEX_VERSION into _ext/katex and axe-core@$AXE_VERSION into tests/vendor"
