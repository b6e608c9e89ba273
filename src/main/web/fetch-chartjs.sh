#!/usr/bin/env bash
# Fetches the charting library the run's index.html embeds (Chart.js, UMD build, pinned and
# checked by SHA-256) from the npm registry into a cache folder (default .cache/chartjs), then
# copies it to where the report code finds it on the classpath. Run by Maven (phase
# generate-resources); a cached file is reused, so only a fresh clone needs the network.
#
# Without npm or the network it warns and exits 0: the build goes on, and report pages say
# that their charts are missing (the tables are complete). A file whose checksum differs is
# refused and fails the build.
#
#   src/main/web/fetch-chartjs.sh [cache-folder] [destination-file]
set -euo pipefail

cache="${1:-.cache/chartjs}"
dest="${2:-target/classes/io/tokenload/report/chart.umd.min.js}"

package="chart.js@4.6.1"
member="package/dist/chart.umd.min.js"
sum="87364cc2b2a76a6684929e7d6b80b18a897794db38400caff1fcf1791c6925d2"
cached="$cache/chart.umd.min.js"

warn() {
  echo "src/main/web/fetch-chartjs.sh: warning: $*" >&2
  echo "src/main/web/fetch-chartjs.sh: report pages will show tables without charts until it is fetched." >&2
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

if [ ! -s "$cached" ] || [ "$(sha256 "$cached")" != "$sum" ]; then
  command -v npm >/dev/null 2>&1 ||
    warn "npm is not installed; install Node.js (which brings npm) to fetch $package, or put its dist/chart.umd.min.js at $cached"
  work="$(mktemp -d)"
  if ! (cd "$work" && npm pack --silent --no-fund --no-audit --prefer-offline --fetch-retries=1 --fetch-timeout=20000 "$package" >"$work/pack.out" 2>"$work/pack.err"); then
    cat "$work/pack.err" >&2
    warn "npm pack $package failed (output above); is the npm registry reachable?"
  fi
  tarball="$work/$(tail -n 1 "$work/pack.out")"
  [ -f "$tarball" ] || warn "npm pack $package did not leave a tarball in $work"
  tar -xzf "$tarball" -C "$work" "$member" || warn "$package has no $member; has the package's layout changed?"
  got="$(sha256 "$work/$member")"
  if [ "$got" != "$sum" ]; then
    echo "src/main/web/fetch-chartjs.sh: $package's $member has sha256 $got, expected $sum; refusing it" >&2
    exit 1
  fi
  mkdir -p "$cache"
  # Move into place in one step, so a half-written file is never taken for a cached one.
  mv "$work/$member" "$cached.partial"
  mv "$cached.partial" "$cached"
fi

mkdir -p "$(dirname "$dest")"
cp "$cached" "$dest.partial"
mv "$dest.partial" "$dest"
