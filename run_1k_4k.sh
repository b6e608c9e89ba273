#!/usr/bin/env bash
# tokenload's main entry: the run_1k_4k matrix (or any run definition) as one resumable Gatling run.
#
#   ./run_1k_4k.sh                                  # simulations/run_1k_4k.json on the embedded target
#   ./run_1k_4k.sh --config simulations/quick.json  # another definition
#   ./run_1k_4k.sh --parallel 1 2 4 --number 8 16 32 --input-output 128:128,1024:1024 \
#       --url http://127.0.0.1:8000 --model Qwen/Qwen3-8B --api-key-env OPENAI_API_KEY
#   ./run_1k_4k.sh --resume reports/matrixsimulation-20261121-170000
#   ./run_1k_4k.sh --shards 4 --config simulations/quick.json   # 4 injectors, one merged run
#   ./run_1k_4k.sh --config batch_test_config.json --scenario quick_test   # seed 002's batch file
#   ./run_1k_4k.sh --config simulations/quick.json --models simulations/models/local.yaml
#
# It prints progress as cells finish and ends with a table per cell; the run folder under reports/
# has index.html, summary.json, latency_p99.json, throughput_rps.json and the per-request records.
set -euo pipefail
cd "$(dirname "$0")"

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
  echo "flags: --config FILE  --parallel N...  --number N...  --input-output I:O,...  --url URL"
  echo "       --model NAME  --api-key-env VAR  --api chat|completions  --flavour vllm|openai  --resume RUN_FOLDER"
  echo "       --backend NAME (the protocol: openai-chat, anthropic, ollama, ... docs/backends.md)"
  echo "       --models FILE (each row of a model matrix in turn)  --env-file FILE (keys; default .env)"
  echo "       --shards N (N injector processes on this machine, merged: docs/scale-out.md)"
  echo "       --scenario NAME (a scenario of a seed batch_test_config.json)"
  echo "       --dataset synthetic|sharegpt:FILE|jsonl:FILE  --dataset-input MIN:MAX  --dataset-output MIN:MAX"
  echo "       --tokenizer words|TOKENIZER_JSON|MODEL_FOLDER (the server's, for exact lengths: docs/prompts.md)"
  echo "       --repeat N (each cell N times; the summary's confidence gives mean and 95 % intervals)"
}

die() { # a user error: one line, exit 2
  echo "run_1k_4k.sh: $*" >&2
  exit 2
}

config=simulations/run_1k_4k.json
props=()
parallel=0 number=0 resume="" shards="" models="" env_file=""
list() { # collects the values after a list flag up to the next flag
  local out=()
  while [[ $# -gt 0 && "$1" != --* ]]; do out+=("$1"); shift; done
  [[ ${#out[@]} -gt 0 ]] || return 1
  (IFS=,; echo "${out[*]}")
}
one_of() { # one_of FLAG VALUE ALLOWED...: VALUE must be one of ALLOWED
  local flag="$1" value="$2"; shift 2
  for allowed in "$@"; do [[ "$value" == "$allowed" ]] && return 0; done
  local IFS=/
  die "$flag $value is not allowed; allowed: $*"
}
while [[ $# -gt 0 ]]; do
  flag="$1"; shift
  case "$flag" in
    -h|--help) usage; exit 0 ;;
    --config) [[ $# -gt 0 ]] || die "--config needs a file"; config="$1"; shift ;;
    --parallel|--number)
      values=$(list "$@") || die "$flag needs at least one whole number, such as $flag 1 2 4"
      n=$(tr ',' '\n' <<<"$values" | wc -l); shift "$n"
      [[ "$values" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] \
        || die "$flag ${values//,/ } is not allowed: $flag takes whole numbers from 1, such as $flag 1 2 4"
      if [[ $flag == --parallel ]]; then parallel=$n; else number=$n; fi
      props+=("-D${flag#--}=$values") ;;
    --input-output)
      [[ $# -gt 0 ]] || die "--input-output needs pairs such as 128:128,1024:1024"
      [[ "$1" =~ ^[0-9]+:[0-9]+(,[0-9]+:[0-9]+)*$ ]] \
        || die "--input-output $1 is not allowed: --input-output takes INPUT:OUTPUT token pairs, such as 128:128,1024:1024"
      props+=("-Dinput.output=$1"); shift ;;
    --url)
      [[ $# -gt 0 ]] || die "--url needs a base URL such as http://127.0.0.1:8000"
      [[ "$1" =~ ^https?://[^/]+ ]] \
        || die "--url $1 is not allowed: --url takes an http:// or https:// URL, such as http://127.0.0.1:8000"
      props+=("-Dbase.url=$1"); shift ;;
    --model) [[ $# -gt 0 ]] || die "--model needs a name"; props+=("-Dmodel=$1"); shift ;;
    --api-key-env)
      [[ $# -gt 0 ]] || die "--api-key-env needs a variable name such as OPENAI_API_KEY"
      [[ "$1" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] \
        || die "--api-key-env $1 is not allowed: --api-key-env takes the name of an environment variable, such as OPENAI_API_KEY"
      [[ -n "${!1:-}" ]] \
        || die "--api-key-env $1 names an environment variable that is not set; export $1 first"
      props+=("-Dapi.key.env=$1"); shift ;;
    --api) [[ $# -gt 0 ]] || die "--api needs chat or completions"; one_of --api "$1" chat completions; props+=("-Dapi=$1"); shift ;;
    --flavour) [[ $# -gt 0 ]] || die "--flavour needs vllm or openai"; one_of --flavour "$1" vllm openai; props+=("-Dflavour=$1"); shift ;;
    --backend) [[ $# -gt 0 ]] || die "--backend needs a name such as openai-chat (docs/backends.md)"; props+=("-Dbackend=$1"); shift ;; # checked by check-run
    --dataset)
      [[ $# -gt 0 ]] || die "--dataset needs synthetic, sharegpt:FILE or jsonl:FILE, such as --dataset sharegpt:data/prompts/sharegpt-sample.json"
      props+=("-Ddataset=$1"); shift ;;
    --dataset-input|--dataset-output)
      [[ $# -gt 0 && "$1" =~ ^([1-9][0-9]*):([1-9][0-9]*)$ ]] \
        || die "$flag ${1:-} is not allowed: $flag takes MIN:MAX tokens, such as $flag 4:512"
      side=${flag#--dataset-}
      props+=("-Ddataset.min.$side.tokens=${BASH_REMATCH[1]}" "-Ddataset.max.$side.tokens=${BASH_REMATCH[2]}"); shift ;;
    --repeat)
      [[ $# -gt 0 && "$1" =~ ^[1-9][0-9]*$ ]] || die "--repeat needs how many times to run each cell, from 1 to 100, such as --repeat 3"
      props+=("-Drepeat=$1"); shift ;;
    --tokenizer)
      [[ $# -gt 0 ]] || die "--tokenizer needs words or the server's tokenizer.json (or model folder)"
      props+=("-Dtokenizer=$1"); shift ;;
    --resume)
      [[ $# -gt 0 ]] || die "--resume needs a run folder such as reports/matrixsimulation-20261121-170000"
      [[ -d "$1" ]] || die "--resume $1 does not exist; give a run folder under reports/"
      resume="$1"; props+=("-Dresume=$1"); shift ;;
    --scenario)
      [[ $# -gt 0 ]] || die "--scenario needs a scenario name of the batch file, such as --scenario quick_test"
      props+=("-Dscenario=$1"); shift ;;
    --models)
      [[ $# -gt 0 ]] || die "--models needs a file such as simulations/models/local.yaml"
      [[ -f "$1" ]] || die "--models $1 does not exist; model matrices live in simulations/models/, such as simulations/models/local.yaml"
      models="$1"; shift ;;
    --env-file)
      [[ $# -gt 0 ]] || die "--env-file needs a file such as .env"
      [[ -f "$1" ]] || die "--env-file $1 does not exist; copy .env.example to .env and fill in your keys"
      env_file="$1"; shift ;;
    --shards)
      [[ $# -gt 0 && "$1" =~ ^[1-9][0-9]*$ ]] || die "--shards needs a whole number of injectors from 1 to 16, such as --shards 4"
      shards="$1"; shift ;;
    *) die "unknown flag '$flag'; ./run_1k_4k.sh --help lists the flags" ;;
  esac
done
if (( parallel != number && number != 1 )); then
  (( parallel > 0 )) || die "--number needs --parallel: --parallel 1 2 4 --number 8 16 32"
  (( number > 0 )) || die "--parallel needs --number: one per --parallel value (--parallel 1 2 4 --number 8 16 32), or a single --number for every level"
  die "--parallel has $parallel values but --number has $number: give one --number per --parallel value (--parallel 1 2 4 --number 8 16 32), or a single --number for every level (--parallel 1 2 4 --number 16)"
fi
(( number != 1 || parallel > 0 )) || die "--number needs --parallel: --parallel 1 2 4 --number 8 16 32"
[[ -n "$resume" || -f "$config" ]] || die "--config $config does not exist; run definitions live in simulations/, such as simulations/quick.json"
props=("-Dconfig=$config" ${props[@]+"${props[@]}"})

if [[ -n "$models" ]]; then # every row of a model matrix in turn: docs/backends.md
  [[ -z "$resume$shards" ]] || die "--models runs each row as its own run; it takes neither --resume nor --shards"
  [[ -n "$env_file" || ! -f .env ]] || env_file=.env
  if [[ -n "$env_file" ]]; then # exported for the rows' runs, never printed
    while IFS= read -r line || [[ -n "$line" ]]; do
      line="${line#"${line%%[![:space:]]*}"}"; line="${line#export }"
      [[ -z "$line" || "$line" == \#* || "$line" != *=* ]] && continue
      name="${line%%=*}"; value="${line#*=}"
      [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
      [[ "$value" =~ ^\"(.*)\"$ || "$value" =~ ^\'(.*)\'$ ]] && value="${BASH_REMATCH[1]}"
      export "$name=$value"
    done < "$env_file"
  fi
  matrix="reports/models-$(date -u +%Y%m%d-%H%M%S)"
  plan=$(./tokenload models plan "$models" "$matrix" ${env_file:+"$env_file"}) || exit $?
  # Ctrl-C or SIGTERM: the row's run stops cleanly (its JVM gets the signal too), then the rows so
  # far are summarized; the cut row's folder stays under .runs/.
  trap 'echo "run_1k_4k.sh: stopped; the matrix summary covers the rows so far" >&2
        ./tokenload models summarize "$models" "$matrix" || true; exit 130' INT TERM
  # The plan is read on fd 3: the rows' commands (mvn, tokenload) must not eat it from stdin.
  while IFS=$'\t' read -r kind row reason <&3; do
    if [[ "$kind" == SKIP ]]; then
      echo "run_1k_4k.sh: row $row skipped: $reason" >&2
      continue
    fi
    mapfile -t row_props < "$matrix/plan/$row.props"
    echo "run_1k_4k.sh: row $row: ${row_props[*]}" >&2
    ./tokenload models event "$matrix" row_start "$row"
    set +e
    check=$(./tokenload check-run --as run_1k_4k.sh "${props[@]}" "${row_props[@]}" 2>&1)
    code=$?
    set -e
    if (( code != 0 )); then
      echo "$check" >&2
      ./tokenload models event "$matrix" preflight "$row" status=preflight_failed "reason=$check" code=$code
      continue
    fi
    set +e
    mvn -B -ntp -q -Dstyle.color=never gatling:test -Dsimulation=MatrixSimulation \
      -Dgatling.data.console.writePeriod=30 -Dtokenload.entry=run_1k_4k.sh "${props[@]}" \
      "${row_props[@]}" "-Dreports.dir=$matrix/.runs/$row"
    code=$?
    set -e
    run_dir=$(ls -d "$matrix/.runs/$row"/*/ 2>/dev/null | head -n 1 || true)
    [[ -z "$run_dir" ]] || mv "$run_dir" "$matrix/$row"
    if (( code == 0 )); then status=passed; else status=failed; fi
    ./tokenload models event "$matrix" row_end "$row" "status=$status" "code=$code"
  done 3<<< "$plan"
  trap - INT TERM
  rm -rf "$matrix/.runs"
  exec ./tokenload models summarize "$models" "$matrix"
fi

# The definition, the settings and the server's /v1/models, checked in a second, before Maven and
# Gatling start; messages name the flags above.
set +e
ready=$(./tokenload check-run --as run_1k_4k.sh "${props[@]}")
code=$?
set -e
case $code in
  0) ;;
  4) echo "$ready"; exit 0 ;; # --resume of a run that finished every cell: nothing to do
  *) exit "$code" ;;
esac

if [[ -n "$shards" ]]; then # N injector processes on this machine, merged: docs/scale-out.md
  exec deploy/local/run_shards.sh "$shards" "$config" "${props[@]}"
fi

# Maven runs in the background so that Ctrl-C and SIGTERM reach this trap: the Gatling JVM that
# gatling-maven-plugin forks (mvn's child) gets SIGTERM, writes the outputs of the cells that
# finished and prints the resume command; mvn itself is stopped so it adds no error of its own.
mvn -B -ntp -q -Dstyle.color=never gatling:test -Dsimulation=MatrixSimulation \
  -Dgatling.data.console.writePeriod=30 -Dtokenload.entry=run_1k_4k.sh "${props[@]}" &
mvn_pid=$!
stop() { # stop EXIT_CODE
  trap '' INT TERM
  local gatling
  gatling=$(pgrep -P "$mvn_pid" java || true)
  echo "run_1k_4k.sh: stopping; the cells that finished keep their outputs" >&2
  [[ -z "$gatling" ]] || kill -TERM $gatling 2>/dev/null || true
  kill -TERM "$mvn_pid" 2>/dev/null || true
  wait "$mvn_pid" 2>/dev/null || true
  # The Gatling JVM is not this shell's child: poll until its shutdown work is done (bounded there).
  for pid in $gatling; do
    while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
  done
  exit "$1"
}
trap 'stop 130' INT
trap 'stop 143' TERM
set +e
wait "$mvn_pid"
code=$?
set -e
exit "$code"
