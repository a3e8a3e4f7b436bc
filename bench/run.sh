#!/usr/bin/env bash
# Every performance figure of ecs-guard on the machine it runs on, one after the other:
#   bench/cold-start.sh   cold invoke --aws beside the floor (median, spread, ratio), the fast path, offline invoke
#                         and lint, peak RSS, classes loaded, jar size, the template's memory, AWS calls per event
#   bench/warm.sh         warm evaluation with JMH: definitions per second on one thread, bytes per evaluation
#   bench/burst.sh        (with --burst) 1,000 events through the handler, clean and through scheduled faults
# Fuzzing runs on its own: bench/fuzz.sh. Close other work first: every figure is of this machine, as idle as it gets.
#
# usage: bench/run.sh [--burst]        RUNS=20 bench/run.sh for tighter cold-start medians
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B package -DskipTests
echo "== cold start"
bench/cold-start.sh
echo
echo "== warm evaluation"
bench/warm.sh
if [ "${1:-}" = "--burst" ]; then
  echo
  echo "== burst"
  bench/burst.sh
fi
