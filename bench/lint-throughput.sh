#!/usr/bin/env bash
# Lint throughput: task definition files linted per second by one `ecs-guard lint` JVM (the budget is at least 500).
# The files are the labelled corpus of real public task definitions (test/corpus/real/*.json), copied COPIES times
# (default 30) under target/lint-throughput/ so that the JVM's start-up is a small part of the run. The time is the
# whole JVM's, start-up included, text output to /dev/null; RUNS runs (default 3), best and median. Files per
# CPU-second (user + system time of the JVM, all its threads) moves less with the load of a shared machine than
# files per wall-clock second; compare runs made back to back.
#
#   bench/lint-throughput.sh                     java -jar target/ecs-guard.jar (built when missing)
#   COPIES=100 RUNS=5 bench/lint-throughput.sh   more files, more runs
set -euo pipefail
cd "$(dirname "$0")/.."

copies=${COPIES:-30}
runs=${RUNS:-3}
jar=target/ecs-guard.jar
if [[ ! -f "$jar" ]]; then
  echo "Building $jar (./mvnw -q -B package -DskipTests)..." >&2
  ./mvnw -q -B package -DskipTests
fi

# The figures are for the built-in policy: ECS_GUARD_* settings would change what is evaluated.
for variable in $(env | grep -o '^ECS_GUARD_[A-Z_]*' || true); do unset "$variable"; done

inputs=target/lint-throughput
rm -rf "$inputs"
mkdir -p "$inputs"
for ((copy = 1; copy <= copies; copy++)); do
  mkdir -p "$inputs/$copy"
  cp test/corpus/real/*.json "$inputs/$copy/"
done
files=("$inputs"/*/*.json)
count=${#files[@]}

rates=()
cpu_rates=()
TIMEFORMAT='%R %U %S'
for ((run = 1; run <= runs; run++)); do
  status=0
  { time java -jar "$jar" lint --fail-on none "${files[@]}" > /dev/null 2> target/lint-throughput.err \
      || status=$?; } 2> target/lint-throughput.time
  if [[ $status -ne 0 ]]; then
    echo "lint exited $status:" >&2
    head -5 target/lint-throughput.err >&2
    exit 1
  fi
  read -r real user system < target/lint-throughput.time
  rates+=("$(awk -v n="$count" -v s="$real" 'BEGIN { printf "%.0f", n / s }')")
  cpu_rates+=("$(awk -v n="$count" -v u="$user" -v s="$system" 'BEGIN { printf "%.0f", n / (u + s) }')")
done

sorted=($(printf '%s\n' "${rates[@]}" | sort -n))
cpu_sorted=($(printf '%s\n' "${cpu_rates[@]}" | sort -n))
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "jdk:     $(java -version 2>&1 | sed -n 2p)"
echo "command: java -jar $jar lint --fail-on none <$count files> > /dev/null   ($copies copies of test/corpus/real)"
echo "runs:    ${rates[*]} files/s (wall clock), ${cpu_rates[*]} files/CPU-s"
echo "files/s: best ${sorted[-1]}, median ${sorted[$((runs / 2))]}"
echo "files/CPU-s: best ${cpu_sorted[-1]}, median ${cpu_sorted[$((runs / 2))]}"
