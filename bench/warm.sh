#!/usr/bin/env bash
# Warm evaluation figures (JMH): task definitions evaluated per second on one thread, and bytes allocated per
# evaluation, for the compliant sample, the non-compliant one and a 10-container definition
# (bench/ten-containers.json). Two paths per sample, both as `ecs-guard lint` evaluates:
#   evaluate           a mapped TaskDefinition → findings (the engine, the policy, offline facts)
#   parseAndEvaluate   the definition's JSON bytes → TaskDefinition → findings
# The benchmark is src/test/java/dev/ecsguard/bench/WarmEvaluationBenchmark.java. Extra arguments go to JMH,
# e.g. `bench/warm.sh -f 3` for three forks, or `bench/warm.sh -p sample=noncompliant -prof stack`.
# On a shared machine the figures move by 10 to 20 %: compare runs made back to back.
set -euo pipefail
cd "$(dirname "$0")/.."

# The test classes (the benchmark and JMH's generated harness) and the test classpath.
./mvnw -B -q -o test-compile 2>/dev/null || ./mvnw -B -q test-compile
./mvnw -B -q -o org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null 2>&1 \
  || ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
CLASSPATH_ARG="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"

# The figures are for the built-in policy: ECS_GUARD_* settings would change what is evaluated.
for variable in $(env | grep -o '^ECS_GUARD_[A-Z_]*' || true); do unset "$variable"; done

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
RESULTS=target/jmh-warm.json
COMMAND=(java -cp "$CLASSPATH_ARG" org.openjdk.jmh.Main WarmEvaluationBenchmark -t 1 -prof gc
  -rf json -rff "$RESULTS" "$@")
"${COMMAND[@]}" > target/jmh-warm.log 2>&1 || { tail -40 target/jmh-warm.log; exit 1; }

echo "machine: $(nproc) cores ($(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)),"\
  "load average $LOAD_BEFORE before, $(cut -d' ' -f1-3 /proc/loadavg) after"
if awk -v load="${LOAD_BEFORE%% *}" -v cores="$(nproc)" 'BEGIN { exit !(load > cores) }'; then
  echo "warning: the machine was busier than its cores; ops/s are low and noisy (B/op does not depend on load)"
fi
echo "jdk:     $(java -version 2>&1 | sed -n 2p)"
echo "command: bench/warm.sh $*"
echo "         (runs: java -cp <test classpath> org.openjdk.jmh.Main WarmEvaluationBenchmark -t 1 -prof gc $*)"
echo "full JMH output: target/jmh-warm.log, results: $RESULTS"
echo
python3 - "$RESULTS" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print(f"{'benchmark':<18} {'sample':<16} {'ops/s':>12} {'± (99.9%)':>11} {'B/op':>9}")
for row in rows:
    name = row["benchmark"].rsplit(".", 1)[1]
    sample = row.get("params", {}).get("sample", "")
    metric = row["primaryMetric"]
    alloc = next((m["score"] for k, m in row.get("secondaryMetrics", {}).items()
                  if k.lstrip("·") == "gc.alloc.rate.norm"), float("nan"))
    print(f"{name:<18} {sample:<16} {metric['score']:>12,.0f} {metric['scoreError']:>11,.0f} {alloc:>9,.0f}")
PY

echo
echo "CPU time per evaluation (the evaluate path; median of 7 rounds of 0.5 CPU-s, min-max): less distorted by load"
java -cp "$CLASSPATH_ARG" dev.ecsguard.bench.CpuTimePerEvaluation
