#!/usr/bin/env bash
# The cross-process fidelity benchmark (docs/performance.md): starts `tokenload serve` with a write
# log, runs the client the way users run it (`mvn gatling:test`, the pom's JVM settings, the default
# warm-up), stops the target and joins its write times with the run's arrival stamps
# (`tokenload fidelity`), which prints measured − written per token.
#
#   tools/fidelity-bench.sh --streams 256 --tokens 100 --itl-ms 20 --seconds 30
#   tools/fidelity-bench.sh --streams 1024 --tokens 50 --itl-ms 20 --seconds 30
#
# Options: --streams N (256), --tokens N output tokens per request (100), --ttft-ms MS (100),
# --itl-ms MS (20), --seconds S measured load at least (30), --port P (18300),
# --chunks-per-write N (1), --loops N the target's event loops (1), --target-cpus LIST the cores
# the target is pinned to (the last one; `all`: unpinned; see tools/bench-target.sh). Extra
# arguments after `--` go to mvn (e.g. -Dsimulation=...).
# Environment: TOKENLOAD_JAVA_OPTS (the target's JVM), JDK_JAVA_OPTIONS (every JVM started).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
streams=256 tokens=100 ttft=100 itl=20 seconds=30 port=18300 per_write=1 loops=1
while [[ $# -gt 0 ]]; do
  if [[ "$1" == --* && "$1" != -- && $# -lt 2 ]]; then
    echo "fidelity-bench.sh: $1 needs a value; see the header of $0" >&2
    exit 2
  fi
  case "$1" in
    --streams) streams="$2"; shift 2 ;;
    --tokens) tokens="$2"; shift 2 ;;
    --ttft-ms) ttft="$2"; shift 2 ;;
    --itl-ms) itl="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --chunks-per-write) per_write="$2"; shift 2 ;;
    --loops) loops="$2"; shift 2 ;;
    --target-cpus) target_cpus="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "fidelity-bench.sh: unknown option '$1'; see the header of $0" >&2; exit 2 ;;
  esac
done
for n in "$streams" "$tokens" "$ttft" "$itl" "$seconds" "$port" "$per_write" "$loops"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "fidelity-bench.sh: '$n' is not a whole number" >&2; exit 2; }
done

# Enough requests per stream for the measured load to last the seconds asked for.
per_request_ms=$((ttft + (tokens - 1) * itl))
rounds=$(((seconds * 1000 + per_request_ms - 1) / per_request_ms))
requests=$((streams * rounds))

work="$(mktemp -d "${TMPDIR:-/tmp}/fidelity-bench.XXXXXX")"
log="$work/writes.tsv"
cd "$here"
# shellcheck source=bench-target.sh
source tools/bench-target.sh
start_target "$work" "$port" --ttft-ms "$ttft" --itl-ms "$itl" \
  --loops "$loops" --chunks-per-write "$per_write" --write-log "$log"
echo "$streams streams x $rounds requests of $tokens tokens"

mvn -B -ntp gatling:test -Dsimulation=ChatStreamSimulation \
  -Dbase.url="http://127.0.0.1:$port" -Dconcurrency="$streams" -Drequests="$requests" \
  -Doutput.tokens="$tokens" "$@" | tee "$work/gatling.out" | grep -E "^(run|saturat|Run folder|.*reports/)" || true
run="$(grep -o 'reports/chatstreamsimulation-[0-9-]*' "$work/gatling.out" | tail -1)"
stop_target
if [[ -z "$run" || ! -d "$run" ]]; then
  echo "fidelity-bench.sh: the run's folder was not found; Maven's output is in $work/gatling.out" >&2
  exit 1
fi
./tokenload fidelity "$run" --write-log "$log"
echo "target's write log and outputs: $work"
