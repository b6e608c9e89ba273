#!/usr/bin/env bash
# The client's capacity on long and on short requests (docs/performance.md): starts `tokenload
# serve` at zero delay, one chunk per write, and runs CapacitySimulation twice the way users run
# (`mvn gatling:test`), with the same number of chunks: 64 streams x 2,048 requests of 1,024
# tokens, then 64 streams x 32,768 requests of 64 tokens. A first, unreported run of short requests
# lets the target compile its hot code before either is measured. Prints each run's capacity line
# and the ratio.
#
#   tools/capacity-bench.sh [--port 18301] [--chunks-per-write 1] [--target-cpus LIST|all]
#                           [-- extra mvn arguments]
#
# The target runs as tools/bench-target.sh says: on a core of its own where the machine has two.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
port=18301 per_write=1
while [[ $# -gt 0 ]]; do
  if [[ "$1" == --* && "$1" != -- && $# -lt 2 ]]; then
    echo "capacity-bench.sh: $1 needs a value; see the header of $0" >&2
    exit 2
  fi
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --chunks-per-write) per_write="$2"; shift 2 ;;
    --target-cpus) target_cpus="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "capacity-bench.sh: unknown option '$1'; see the header of $0" >&2; exit 2 ;;
  esac
done
for n in "$port" "$per_write"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "capacity-bench.sh: '$n' is not a whole number" >&2; exit 2; }
done

work="$(mktemp -d "${TMPDIR:-/tmp}/capacity-bench.XXXXXX")"
cd "$here"
# shellcheck source=bench-target.sh
source tools/bench-target.sh
start_target "$work" "$port" --ttft-ms 0 --itl-ms 0 --chunks-per-write "$per_write"

run() { # tokens requests
  mvn -B -ntp gatling:test -Dsimulation=CapacitySimulation -Dbase.url="http://127.0.0.1:$port" \
    -Doutput.tokens="$1" -Drequests="$2" "${@:3}" >"$work/out-$1.txt" 2>&1 || true
  grep -o 'chunks_per_s=[0-9.]*' "$work/out-$1.txt" | cut -d= -f2
}
run 64 8192 "$@" >/dev/null # the target's warm-up
long="$(run 1024 2048 "$@")"
echo "64 x 1,024 tokens: $(grep '^capacity:' "$work/out-1024.txt")"
short="$(run 64 32768 "$@")"
echo "64 x 64 tokens:    $(grep '^capacity:' "$work/out-64.txt")"
if [[ -n "$long" && -n "$short" ]]; then
  awk -v s="$short" -v l="$long" 'BEGIN { printf "short / long chunk rate: %.0f %%\n", 100 * s / l }'
fi
echo "Maven's output: $work"
