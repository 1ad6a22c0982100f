#!/bin/sh
# Rebuild brochure-fogra39-300.icc from the free FOGRA39L characterisation data (Debian: apt-get
# install icc-profiles-free argyll). Deterministic apart from the profile header date.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
cp /usr/share/color/icc/FOGRA39L.ti3 "$tmp/"
cd "$tmp"
colprof -qm -kr -l300 -L95 -S /usr/share/color/icc/sRGB.icc -cmt -dpp \
  -D "brochure FOGRA39 coated 300% (Argyll, from FOGRA39L)" \
  -C "Zlib licence; measurement data FOGRA39L (c) Fogra / Kai-Uwe Behrmann, Zlib" \
  -O brochure-fogra39-300.icc FOGRA39L
cp brochure-fogra39-300.icc "$here/"
rm -rf "$tmp"
