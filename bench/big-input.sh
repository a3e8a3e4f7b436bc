#!/usr/bin/env bash
# Wall time of `ecs-guard lint` on large task definitions, all under the 10 MiB input cap: 10,000 containers,
# and about 8 MB in several shapes (one huge value, many variables, a long command, long names, ...), written
# by bench/big-inputs.py into target/big-inputs (not committed). Evaluation must stay linear in the size of a
# definition: each should take a few seconds at most, mostly the JVM and Jackson.
#   bench/big-input.sh              builds the jar when missing, then times every shape
#   bench/big-input.sh --classes    runs target/classes (after `./mvnw compile`) instead of the jar
# On a shared machine wall time follows the load; CPU time (user+sys) moves less.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ "${1:-}" == "--classes" ]]; then
  ./mvnw -B -q -o org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath -Dmdep.includeScope=runtime \
      -Dmdep.outputFile=target/big-input-classpath.txt >/dev/null 2>&1 \
    || ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.includeScope=runtime -Dmdep.outputFile=target/big-input-classpath.txt >/dev/null
  COMMAND=(java -cp "target/classes:$(cat target/big-input-classpath.txt)" dev.ecsguard.cli.EcsGuardCli)
else
  [[ -f target/ecs-guard.jar ]] || ./mvnw -B -q package -DskipTests
  COMMAND=(java -jar target/ecs-guard.jar)
fi
for variable in $(env | grep -o '^ECS_GUARD_[A-Z_]*' || true); do unset "$variable"; done

python3 bench/big-inputs.py target/big-inputs > /dev/null
echo "machine: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg); command: ${COMMAND[*]:0:2} ... lint FILE"
python3 - "${COMMAND[@]}" <<'PY'
import glob, os, resource, subprocess, sys, time

command = sys.argv[1:]
print(f"{'shape':<28} {'bytes':>9} {'exit':>7} {'wall s':>7} {'cpu s':>7}")
for path in sorted(glob.glob("target/big-inputs/*.json")):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    try:
        # lint exits 1 when a finding reaches --fail-on: every shape has some.
        status = subprocess.run(command + ["lint", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                timeout=600).returncode
    except subprocess.TimeoutExpired:
        status = "timeout"
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    name = os.path.basename(path)[:-len(".json")]
    print(f"{name:<28} {os.path.getsize(path):>9} {status:>7} {wall:>7.1f} {cpu:>7.1f}")
PY
