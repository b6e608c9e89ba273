# The target of the cross-process benchmarks (fidelity-bench.sh, capacity-bench.sh), sourced by
# them: starts `tokenload serve` as a server on a machine of its own would run, so that what the
# benchmark measures is the client.
#
# - Its own core: on a machine of two or more cores the target is pinned (taskset) to the last one.
#   Its collector, compiler and write-log threads then take time from the target alone, whose write
#   stamps stay exact; unpinned, each of them took the client's core for milliseconds at a time
#   (docs/performance.md). --target-cpus LIST picks the cores, --target-cpus all leaves it unpinned.
# - A server's JVM settings, warmed: a fixed heap touched at start, so the run allocates into pages
#   the kernel has already zeroed, and hot code compiled ten times sooner, within the first run
#   rather than the measured one (at the default thresholds C2 went on compiling for about 1.5 s
#   into the measured short requests, on the target's core, and held the client back).
#   TOKENLOAD_JAVA_OPTS, when set, replaces them.
#
# Usage: target_cpus=...; start_target WORK PORT serve-arguments...; ...; stop_target
# Sets $target_pid; exits the script with the target's output when it does not start.

bench_target_default_cpus() {
  local cores
  cores="$(nproc 2>/dev/null || echo 1)"
  if [[ "$cores" -ge 2 ]] && command -v taskset >/dev/null; then
    echo $((cores - 1))
  else
    echo all
  fi
}

start_target() { # work port serve-arguments...
  local work="$1" port="$2"
  shift 2
  local pin=()
  local cpus="${target_cpus:-$(bench_target_default_cpus)}"
  if [[ "$cpus" != all ]]; then
    command -v taskset >/dev/null || { echo "--target-cpus needs taskset (util-linux)" >&2; exit 2; }
    if ! taskset -c "$cpus" true 2>/dev/null; then
      echo "--target-cpus '$cpus' is not a list of this machine's cores (0-$(($(nproc) - 1)), as 1 or 0,1), nor all" >&2
      exit 2
    fi
    pin=(taskset -c "$cpus")
  fi
  TOKENLOAD_JAVA_OPTS="${TOKENLOAD_JAVA_OPTS:--XX:+UseParallelGC -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:CompileThresholdScaling=0.1}" \
    "${pin[@]}" ./tokenload serve --port "$port" "$@" >"$work/serve.out" 2>&1 &
  target_pid=$!
  trap 'kill "$target_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 1 600); do
    grep -q "Ctrl-C stops" "$work/serve.out" 2>/dev/null && break
    kill -0 "$target_pid" 2>/dev/null || { cat "$work/serve.out" >&2; exit 1; }
    sleep 0.1
  done
  grep -q "Ctrl-C stops" "$work/serve.out" || { echo "the target did not start in 60 s" >&2; exit 1; }
  echo "target: $(grep -m1 "tokenload serve:" "$work/serve.out"), on cores: $cpus"
}

stop_target() {
  kill -TERM "$target_pid"
  wait "$target_pid" || true
  trap - EXIT
}
