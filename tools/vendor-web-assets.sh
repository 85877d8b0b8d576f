#!/usr/bin/env bash
# Re-create the vendored web assets from the npm registry (authors only; the files are committed,
# so building the book and running the tests never need npm or the network).
#
#   _vendor/_static/mathjax/  MathJax 3 (tex-chtml combined build, its woff-v2 fonts, the TeX
#                             extensions that \require and autoload fetch, the licence); the
#                             book copies it to _static/mathjax through html_extra_path
#   tests/vendor/axe.min.js   axe-core, injected into every page by tests/test_browser.py
#
# Usage: bash tools/vendor-web-assets.sh     (needs npm; run from anywhere)
# To upgrade, change a version and its sha512 integrity below (npm view PKG@VERSION dist.integrity).
set -euo pipefail

MATHJAX_VERSION=3.2.2
MATHJAX_INTEGRITY='sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw=='
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

fetch mathjax "$MATHJAX_VERSION" "$MATHJAX_INTEGRITY"
dest="$root/_vendor/_static/mathjax"
rm -rf "$dest"
mkdir -p "$dest/output/chtml/fonts" "$dest/input/tex"
cp "$work/mathjax/LICENSE" "$dest/LICENSE"
cp "$work/mathjax/es5/tex-chtml.js" "$dest/tex-chtml.js"
cp -r "$work/mathjax/es5/output/chtml/fonts/woff-v2" "$dest/output/chtml/fonts/"
cp -r "$work/mathjax/es5/input/tex/extensions" "$dest/input/tex/"
cat > "$dest/VENDORED.txt" <<NOTE
MathJax $MATHJAX_VERSION, from the npm package mathjax@$MATHJAX_VERSION ($MATHJAX_INTEGRITY).
Apache License 2.0: see LICENSE. Copied: es5/tex-chtml.js, es5/output/chtml/fonts/woff-v2/,
es5/input/tex/extensions/ (loaded on demand by \\require and autoload). Not copied: the
a11y explorer and speech rule engine that the MathJax menu can load on request.
Re-create with: bash tools/vendor-web-assets.sh
NOTE

fetch axe-core "$AXE_VERSION" "$AXE_INTEGRITY"
mkdir -p "$root/tests/vendor"
cp "$work/axe-core/axe.min.js" "$root/tests/vendor/axe.min.js"   # keeps its licence header
cp "$work/axe-core/LICENSE" "$root/tests/vendor/axe-core.LICENSE"

echo "vendored mathjax@$MATHJAX_VERSION into _vendor/_static/mathjax and axe-core@$AXE_VERSION into tests/vendor"
