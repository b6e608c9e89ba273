#!/usr/bin/env bash
# NVIDIA DGX (or any Linux host): evaluates a served model with tokenload and gates on the
# results. The model server (vLLM, SGLang, TGI, Triton…) runs beside it and serves the model from
# /mnt/models; the question set is in /mnt/data, and every contract lands in /mnt/out.
# For low-jitter latency baselines, pin CPU frequency and avoid network throttling first.
#
#   BASE_URL=http://127.0.0.1:8000 MODEL=my-model platforms/job_templates/dgx/run.sh
#
# Every path and setting can be overridden by the environment; exit 3 means a threshold was broken.
set -euo pipefail

TOKENLOAD="${TOKENLOAD:-/opt/tokenload/tokenload}"
BASE_URL="${BASE_URL:-http://127.0.0.1:8000}"
MODEL="${MODEL:-my-model}"
DATA="${DATA:-/mnt/data/qa.jsonl}"
OUT="${OUT:-/mnt/out}"
THRESHOLDS="${THRESHOLDS:-/opt/tokenload/platforms/thresholds.json}"

mkdir -p "$OUT"
"$TOKENLOAD" eval --indicator accuracy_f1 --base-url "$BASE_URL" --model "$MODEL" \
  --data "$DATA" --concurrency 8 --out "$OUT/accuracy_f1.json"
"$TOKENLOAD" eval --indicator robustness_adv --base-url "$BASE_URL" --model "$MODEL" \
  --data "$DATA" --attack fgsm --strength 0.03 --concurrency 8 --out "$OUT/robustness_adv.json"
"$TOKENLOAD" eval --indicator toxicity --base-url "$BASE_URL" --model "$MODEL" \
  --data "$DATA" --concurrency 8 --out "$OUT/toxicity.json"
"$TOKENLOAD" eval --indicator latency_p99 --base-url "$BASE_URL" --model "$MODEL" \
  --requests 1000 --concurrency 16 --max-tokens 128 --out "$OUT/latency_p99.json"
"$TOKENLOAD" eval --indicator throughput_rps --base-url "$BASE_URL" --model "$MODEL" \
  --requests 1000 --concurrency 16 --max-tokens 128 --out "$OUT/throughput_rps.json"
"$TOKENLOAD" merge-indicators "$OUT" --model "$MODEL" --thresholds "$THRESHOLDS" \
  --out "$OUT/merged/merged.json" --html "$OUT/merged/merged.html"
"$TOKENLOAD" gate --indicators "$OUT" --thresholds "$THRESHOLDS"
