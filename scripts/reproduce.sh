#!/usr/bin/env bash
# Reruns the README's accuracy table: each run's log goes to out/reproduce/,
# and a summary (test accuracy, wall time, peak memory) is printed at the end.
# Long: about an hour on a 2-core machine. LONG=1 adds the 2000- and
# 5000-epoch runs of 784-300-100-10 (several hours more).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bin out/reproduce
go build -o bin/ ./cmd/train ./cmd/one-hidden-layer ./cmd/samson

runs=(
  "train-32-16|bin/train --n_hidden 32 16 --epochs 500 --learning_rate 0.2 --initial_params he"
  "train-300|bin/train --n_hidden 300 --epochs 1000 --learning_rate 0.2"
  "train-300-100|bin/train --n_hidden 300 100 --epochs 1000 --learning_rate 0.2"
  "samson|bin/samson"
  "one-hidden-10|bin/one-hidden-layer --n_hidden 10 --learning_rate 0.1 --epochs 500 --initial_params samson"
)
if [ "${LONG:-0}" = 1 ]; then
  runs+=(
    "train-300-100-e2000|bin/train --n_hidden 300 100 --epochs 2000 --learning_rate 0.2"
    "train-300-100-e5000|bin/train --n_hidden 300 100 --epochs 5000 --learning_rate 0.2"
  )
fi

summary=out/reproduce/summary.txt
: >"$summary"
for r in "${runs[@]}"; do
  name=${r%%|*}; cmd=${r#*|}
  echo "== $name: $cmd"
  start=$(date +%s.%N)
  # GNU time's -v report gives the peak memory (maximum resident set size).
  if command -v /usr/bin/time >/dev/null; then
    /usr/bin/time -v -o "out/reproduce/$name.time" $cmd >"out/reproduce/$name.log" 2>&1
  else
    $cmd >"out/reproduce/$name.log" 2>&1
  fi
  end=$(date +%s.%N)
  acc=$(tail -n 1 "out/reproduce/$name.log")
  rss=$(awk -F: '/Maximum resident/ {printf "%.0f MB", $2/1024}' "out/reproduce/$name.time" 2>/dev/null || true)
  line=$(printf '%-22s %-24s wall %6.0f s  %s' "$name" "$acc" "$(awk "BEGIN{print $end - $start}")" "$rss")
  echo "$line" | tee -a "$summary"
done
echo; cat "$summary"
