#!/usr/bin/env bash
# tokenload's main entry: the run_1k_4k matrix (or any run definition) as one resumable Gatling run.
#
#   ./run_1k_4k.sh                                  # simulations/run_1k_4k.json on the embedded target
#   ./run_1k_4k.sh --config simulations/quick.json  # another definition
#   ./run_1k_4k.sh --parallel 1 2 4 --number 8 16 32 --input-output 128:128,1024:1024 \
#       --url http://127.0.0.1:8000 --model Qwen/Qwen3-8B --api-key-env OPENAI_API_KEY
#   ./run_1k_4k.sh --resume reports/matrixsimulation-20261121-170000
#   ./run_1k_4k.sh --config batch_test_config.json --scenario quick_test   # seed 002's batch file
#
# It prints progress as cells finish and ends with a table per cell; the run folder under reports/
# has index.html, summary.json, latency_p99.json, throughput_rps.json and the per-request records.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
  echo "flags: --config FILE  --parallel N...  --number N...  --input-output I:O,...  --url URL"
  echo "       --model NAME  --api-key-env VAR  --api chat|completions  --flavour vllm|openai  --resume RUN_FOLDER"
  echo "       --scenario NAME (a scenario of a seed batch_test_config.json)"
}

die() {
  echo "run_1k_4k.sh: $*" >&2
  echo "run ./run_1k_4k.sh --help for the flags" >&2
  exit 2
}

config=simulations/run_1k_4k.json
props=()
list() { # collects the values after a list flag up to the next flag
  local out=()
  while [[ $# -gt 0 && "$1" != --* ]]; do out+=("$1"); shift; done
  [[ ${#out[@]} -gt 0 ]] || return 1
  (IFS=,; echo "${out[*]}")
}
while [[ $# -gt 0 ]]; do
  flag="$1"; shift
  case "$flag" in
    -h|--help) usage; exit 0 ;;
    --config) [[ $# -gt 0 ]] || die "--config needs a file"; config="$1"; shift ;;
    --parallel|--number)
      values=$(list "$@") || die "$flag needs at least one number"
      n=$(tr ',' '\n' <<<"$values" | wc -l); shift "$n"
      props+=("-D${flag#--}=$values") ;;
    --input-output) [[ $# -gt 0 ]] || die "--input-output needs pairs such as 128:128,1024:1024"; props+=("-Dinput.output=$1"); shift ;;
    --url) [[ $# -gt 0 ]] || die "--url needs a base URL"; props+=("-Dbase.url=$1"); shift ;;
    --model) [[ $# -gt 0 ]] || die "--model needs a name"; props+=("-Dmodel=$1"); shift ;;
    --api-key-env) [[ $# -gt 0 ]] || die "--api-key-env needs a variable name"; props+=("-Dapi.key.env=$1"); shift ;;
    --api) [[ $# -gt 0 ]] || die "--api needs chat or completions"; props+=("-Dapi=$1"); shift ;;
    --flavour) [[ $# -gt 0 ]] || die "--flavour needs vllm or openai"; props+=("-Dflavour=$1"); shift ;;
    --scenario) [[ $# -gt 0 ]] || die "--scenario needs a scenario name of the batch file"; props+=("-Dscenario=$1"); shift ;;
    --resume) [[ $# -gt 0 && -d "$1" ]] || die "--resume needs an existing run folder"; props+=("-Dresume=$1"); shift ;;
    *) die "unknown flag '$flag'" ;;
  esac
done
[[ -f "$config" ]] || die "--config $config does not exist"

exec mvn -B -ntp -q gatling:test -Dsimulation=MatrixSimulation -Dconfig="$config" \
  -Dgatling.data.console.writePeriod=30 ${props[@]+"${props[@]}"}
