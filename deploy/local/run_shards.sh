#!/usr/bin/env bash
# A sharded run rehearsed on this machine: N injector processes (Gatling JVMs), one shard each,
# against one shared target, then `./tokenload merge` into one run folder. Called by
# `./run_1k_4k.sh --shards N ...`; docs/scale-out.md explains the whole path.
#
#   deploy/local/run_shards.sh N CONFIG [-Dprop=value...]
#
# Without -Dbase.url it starts one `./tokenload serve` (loopback; port $TOKENLOAD_SERVE_PORT, else a
# free one) with the run definition's embedded timings and stops it at the end. Everything goes to reports/sharded-<time>/:
# shards/ (one run folder per shard), barrier/, logs/ and merged/.
set -euo pipefail
cd "$(dirname "$0")/../.."

die() { echo "run_shards.sh: $*" >&2; exit 2; }
[[ $# -ge 2 ]] || die "usage: deploy/local/run_shards.sh N CONFIG [-Dprop=value...]"
n="$1"; config="$2"; shift 2
[[ "$n" =~ ^[0-9]+$ && "$n" -ge 1 && "$n" -le 16 ]] || die "--shards $n is not allowed: a whole number from 1 to 16"
[[ -f "$config" ]] || die "--config $config does not exist"
props=("$@")
if printf '%s\n' "${props[@]+"${props[@]}"}" | grep -q '^-Dresume='; then
  die "--shards cannot be combined with --resume: a shard cannot be resumed alone; run every shard again"
fi

root="reports/sharded-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$root/shards" "$root/barrier" "$root/logs"

# The injectors run as the Gatling plugin runs them, with the simulations on the class path
# (-DskipTests: compiled, but no test tokenizers fetched).
mvn -B -ntp -q -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/tokenload-test.classpath >&2
cp="target/test-classes:target/classes:$(cat target/tokenload-test.classpath)"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

if ! printf '%s\n' "${props[@]+"${props[@]}"}" | grep -q '^-Dbase.url='; then
  serve_log="$root/logs/serve.log"
  : >"$serve_log"
  ./tokenload serve --port "${TOKENLOAD_SERVE_PORT:-0}" \
    --preset "$(jq -r '.target.embedded.preset // "fixed"' "$config")" \
    --ttft-ms "$(jq -r '.target.embedded.ttft_ms // 100' "$config")" \
    --itl-ms "$(jq -r '.target.embedded.itl_ms // 10' "$config")" >"$serve_log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 600); do
    url=$(grep -o 'http://127.0.0.1:[0-9]*' "$serve_log" | head -1 || true)
    [[ -n "$url" ]] && break
    kill -0 "${pids[0]}" 2>/dev/null || die "tokenload serve did not start: $(cat "$serve_log")"
    sleep 0.1
  done
  [[ -n "$url" ]] || die "tokenload serve did not start within 60 s: $(cat "$serve_log")"
  echo "run_shards.sh: one shared target for $n shards: $url" >&2
  props+=("-Dbase.url=$url")
fi

shard_pids=()
for ((i = 0; i < n; i++)); do
  java -cp "$cp" -Xms512m -Xmx768m -XX:+UseParallelGC -XX:TieredStopAtLevel=1 \
    --add-opens=java.base/java.lang=ALL-UNNAMED \
    -Dio.netty.eventLoopThreads=1 -Dio.netty.leakDetection.level=disabled \
    -Dconfig="$config" -Dshard.count="$n" -Dshard.index="$i" -Dshard.barrier="$root/barrier" \
    -Dreports.dir="$root/shards" ${props[@]+"${props[@]}"} \
    io.gatling.app.Gatling --simulation io.tokenload.simulations.MatrixSimulation \
    --results-folder target/gatling --no-reports >"$root/logs/shard-$i.log" 2>&1 &
  shard_pids+=($!)
  pids+=($!)
done
echo "run_shards.sh: $n shards running; logs in $root/logs" >&2

failed=0
for ((i = 0; i < n; i++)); do
  if ! wait "${shard_pids[$i]}"; then
    echo "run_shards.sh: shard $i failed; see $root/logs/shard-$i.log" >&2
    failed=1
  fi
done

./tokenload merge "$root/shards" --out "$root/merged"
exit "$failed"
