#!/usr/bin/env bash
# Cold-start figures of ecs-guard on this machine, each run a fresh JVM, against a local moto:
#   floor            a bare program on the same jar (dev.ecsguard.bench.ColdStartFloor): ECS and SNS clients built
#                    as ecs-guard builds them, one DescribeTaskDefinition, one Publish. What any such Lambda pays.
#   floor + libraries  the same, plus the least the design card's libraries cost before any rule runs: picocli
#                    parses `invoke --aws EVENT`, Jackson reads the event and writes the result line.
#   invoke --aws     the Lambda's pipeline on the non-compliant sample: describe, evaluate with live facts,
#                    publish to three topics, tag the revision.
#   ... fast         the same through bin/ecs-guard: the build's AppCDS archive, C1 only, SerialGC.
#   invoke / lint    offline: the event's own definition; one task definition file.
# Rounds are interleaved (each configuration once per round) so that the machine's noise hits all alike; the
# ratios compare medians of the same run. Then: peak RSS, classes loaded, jar size, AWS calls per sample event.
#
# usage: bench/cold-start.sh            RUNS=10 by default; RUNS=20 bench/cold-start.sh for tighter medians
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
JAR=target/ecs-guard.jar
# The bare programs (ColdStartFloor, ServiceCosts, StartupSteps) are test classes, not in the Lambda's jar: they
# run with the jar first on the class path, so every class but their own comes from the jar as shipped.
BENCH_CP=$JAR:target/test-classes
if [ ! -f "$JAR" ] || [ ! -f target/ecs-guard.jsa ] || [ ! -f target/test-classes/dev/ecsguard/bench/ColdStartFloor.class ]; then
  ./mvnw -q -B package -DskipTests
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MOTO_PORT=$(free_port)
PROXY_PORT=$(free_port)
WORK=$(mktemp -d)
MOTO_IAM_LOAD_MANAGED_POLICIES=true moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
MOTO=$!
python3 bench/counting-proxy.py "$PROXY_PORT" "http://127.0.0.1:$MOTO_PORT" &
PROXY=$!
trap 'kill $MOTO $PROXY 2>/dev/null || true; rm -rf "$WORK"' EXIT
export AWS_ENDPOINT_URL=http://127.0.0.1:$MOTO_PORT AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$MOTO_PORT/moto-api/" >/dev/null && break; sleep 0.2; done

# Register each sample's definition in moto and point its event at the revision moto made; one topic.
python3 - "$WORK" "$RUNS" <<'PY'
import json, sys, boto3
work = sys.argv[1]
ecs = boto3.client("ecs")
arns = {}
for name in ["register-task-definition", "register-task-definition-noncompliant",
             "register-task-definition-shared-role"]:
    event = json.load(open(f"events/{name}.json"))
    request = event["detail"]["requestParameters"]
    try:
        arn = ecs.register_task_definition(**request)["taskDefinition"]["taskDefinitionArn"]
    except ecs.exceptions.ClientException:
        # moto 5 wants `memory` on every container of an EC2 definition without task memory, and does not count
        # memoryReservation (AWS accepts either): give the container a limit so that moto takes the sample.
        for container in request["containerDefinitions"]:
            if not container.get("memory"):
                container["memory"] = 128
        arn = ecs.register_task_definition(**request)["taskDefinition"]["taskDefinitionArn"]
    arns[event["detail"]["requestParameters"]["family"]] = arn
    event["detail"]["responseElements"]["taskDefinition"]["taskDefinitionArn"] = arn
    json.dump(event, open(f"{work}/{name}.json", "w"))
    if name.endswith("noncompliant"):
        json.dump(event["detail"]["responseElements"]["taskDefinition"], open(f"{work}/taskdef.json", "w"))
        open(f"{work}/arn", "w").write(arn)
        # One CloudTrail event id per run: ecs-guard alerts once per event id (a retried event is not alerted
        # again), and every timed run must do the whole job, publish and tag included.
        for run in range(int(sys.argv[2]) + 10):
            event["detail"]["eventID"] = f"bench-{run:04d}-{event['detail']['eventID']}"[:36]
            json.dump(event, open(f"{work}/{name}.{run}.json", "w"))
run = json.load(open("events/run-task.json"))
for task in run["detail"]["responseElements"]["tasks"]:
    task["taskDefinitionArn"] = arns["payments-api"]
run["detail"]["requestParameters"]["taskDefinition"] = arns["payments-api"]
json.dump(run, open(f"{work}/run-task.json", "w"))
json.dump(json.load(open("events/register-task-definition-failed.json")),
          open(f"{work}/register-task-definition-failed.json", "w"))
open(f"{work}/topic", "w").write(boto3.client("sns").create_topic(Name="bench")["TopicArn"])
PY
export ECS_GUARD_TOPIC_ARN
ECS_GUARD_TOPIC_ARN=$(cat "$WORK/topic")
ARN=$(cat "$WORK/arn")
EVENT=$WORK/register-task-definition-noncompliant.@RUN@.json  # @RUN@: a fresh event id per run
FLOOR=(dev.ecsguard.bench.ColdStartFloor "$ARN" "$ECS_GUARD_TOPIC_ARN")

# name | command: one configuration per line, run once per round in this order.
CONFIGS=(
  "floor|java -cp $BENCH_CP ${FLOOR[*]}"
  "floor + libraries|java -cp $BENCH_CP ${FLOOR[*]} --libraries events/register-task-definition-noncompliant.json"
  "invoke --aws|java -jar $JAR invoke --aws $EVENT"
  "invoke --aws, fast path|bin/ecs-guard invoke --aws $EVENT"
  "floor, C1 (reference)|java -XX:TieredStopAtLevel=1 -cp $BENCH_CP ${FLOOR[*]}"
  "invoke (offline)|java -jar $JAR invoke events/register-task-definition-noncompliant.json"
  "invoke (offline), fast path|bin/ecs-guard invoke events/register-task-definition-noncompliant.json"
  "lint (one file)|java -jar $JAR lint $WORK/taskdef.json"
  "lint (one file), fast path|bin/ecs-guard lint $WORK/taskdef.json"
)
# The commands must work before they are timed: a failing run would be timed as a fast one.
for config in "${CONFIGS[@]}"; do
  command=${config#*|}
  set +e; ${command//@RUN@/$((RUNS + 1))} >"$WORK/check" 2>&1; code=$?; set -e
  if [ $code -gt 1 ]; then echo "'${config%%|*}' failed (exit $code):"; cat "$WORK/check"; exit 1; fi
done

for round in $(seq "$RUNS"); do
  for i in "${!CONFIGS[@]}"; do
    command=${CONFIGS[$i]#*|}
    command=${command//@RUN@/$round}
    start=$(date +%s%N)
    $command >/dev/null 2>&1 || true
    echo $(( ($(date +%s%N) - start) / 1000000 )) >>"$WORK/times.$i"
  done
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem/ {print $2}') GB;" \
  "$(java -version 2>&1 | head -1); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "command: RUNS=$RUNS bench/cold-start.sh   (wall time of the whole process, ms)"
NAMES=$(printf '%s\n' "${CONFIGS[@]}" | cut -d'|' -f1)
python3 - "$WORK" "$NAMES" <<'PY'
import statistics, sys
work, names = sys.argv[1], sys.argv[2].split("\n")
medians = {}
for i, name in enumerate(names):
    times = sorted(int(t) for t in open(f"{work}/times.{i}"))
    q = statistics.quantiles(times, n=4) if len(times) > 1 else [times[0]] * 3
    medians[name] = statistics.median(times)
    print(f"  {name:30s} median {medians[name]:6.0f}   quartiles {q[0]:5.0f}-{q[2]:5.0f}   "
          f"min-max {times[0]:5d}-{times[-1]:5d}   ({len(times)} runs)")
floor = medians["floor"]
print(f"  ratio invoke --aws / floor, same JVM flags:   {medians['invoke --aws'] / floor:.2f}  (target <= 1.2)")
print(f"  ratio fast path / floor:                      {medians['invoke --aws, fast path'] / floor:.2f}  (target <= 1.0)")
print(f"  ratio floor + libraries / floor:              {medians['floor + libraries'] / floor:.2f}  (picocli and Jackson alone)")
PY

# Peak RSS, and the CPU the run used (user + sys, all threads: JIT and GC included), from one more run each.
rss() {
  /usr/bin/time -f "%M %U %S" -o "$WORK/rss" "$@" >/dev/null 2>&1 || true
  tail -1 "$WORK/rss" | awk '{printf "%d MiB (%.2f s CPU)", $1 / 1024, $2 + $3}'
}
echo "peak RSS: invoke --aws $(rss java -jar $JAR invoke --aws "${EVENT//@RUN@/$((RUNS + 2))}")," \
  "fast path $(rss bin/ecs-guard invoke --aws "${EVENT//@RUN@/$((RUNS + 3))}")," \
  "floor $(rss java -cp $BENCH_CP "${FLOOR[@]}")"
echo "CPU by thread, one more run each (bench/cpu-by-thread.py; C1 and C2 are the JIT compilers):"
echo "  floor:             $(python3 bench/cpu-by-thread.py java -cp $BENCH_CP "${FLOOR[@]}")"
echo "  floor + libraries: $(python3 bench/cpu-by-thread.py java -cp $BENCH_CP "${FLOOR[@]}" --libraries events/register-task-definition-noncompliant.json)"
echo "  invoke --aws:      $(python3 bench/cpu-by-thread.py java -jar $JAR invoke --aws "${EVENT//@RUN@/$((RUNS + 7))}")"
echo "what each AWS service adds, one after another in a fresh JVM (dev.ecsguard.bench.ServiceCosts; median of 5;"
echo "wall and CPU of the whole process, ms; the first service pays for the SDK itself):"
for run in 1 2 3 4 5; do
  java -cp $BENCH_CP dev.ecsguard.bench.ServiceCosts "$ARN" "$ECS_GUARD_TOPIC_ARN" >"$WORK/services.$run"
done
python3 - "$WORK" <<'PY'
import statistics, sys
runs = [[line.rstrip("\n").split("\t") for line in open(f"{sys.argv[1]}/services.{r}")] for r in range(1, 6)]
for i, (step, _, _) in enumerate(runs[0]):
    wall = statistics.median(int(run[i][1]) for run in runs)
    cpu = statistics.median(int(run[i][2]) for run in runs)
    print(f"  {step:40s} wall {wall:5.0f}  CPU {cpu:5.0f}")
PY
echo "ecs-guard's own start-up, step by step in a fresh JVM (dev.ecsguard.bench.StartupSteps; median of 5, ms):"
for run in 1 2 3 4 5; do
  java -cp $BENCH_CP dev.ecsguard.bench.StartupSteps events/register-task-definition-noncompliant.json >"$WORK/steps.$run"
done
python3 - "$WORK" <<'PY'
import statistics, sys
runs = [dict(line.rstrip("\n").split("\t") for line in open(f"{sys.argv[1]}/steps.{r}")) for r in range(1, 6)]
for step in runs[0]:
    if step != "findings":
        print(f"  {step:40s} {statistics.median(int(run[step]) for run in runs):5.0f}")
PY
classes() { "$@" >/dev/null 2>&1 || true; }
classes java -Xlog:class+load:file="$WORK/classes" -jar $JAR invoke --aws "${EVENT//@RUN@/$((RUNS + 4))}"
classes java -Xlog:class+load:file="$WORK/classes-floor" -cp $BENCH_CP "${FLOOR[@]}"
classes java -XX:SharedArchiveFile=target/ecs-guard.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
  -Xlog:class+load:file="$WORK/classes-fast" -jar $JAR invoke --aws "${EVENT//@RUN@/$((RUNS + 5))}"
echo "classes loaded by a cold invoke --aws: $(grep -c 'source:' "$WORK/classes")" \
  "($(grep -c 'source: jar\|source: file' "$WORK/classes") from the jar); floor: $(grep -c 'source:' "$WORK/classes-floor");" \
  "fast path: $(grep -c 'shared objects file' "$WORK/classes-fast") of $(grep -c 'source:' "$WORK/classes-fast") from CDS archives"
echo "package: $JAR $(du -k $JAR | cut -f1) KiB ($(unzip -l $JAR | tail -1 | awk '{print $2}') entries)," \
  "AppCDS archive $(du -k target/ecs-guard.jsa | cut -f1) KiB"
echo "Lambda memory (template.yaml): $(awk '/MemorySize:/ {print $2; exit}' template.yaml) MB"

echo "AWS calls per sample event (a cold JVM each, through a counting proxy; cache empty):"
curl -sf "http://127.0.0.1:$PROXY_PORT/__counts" >/dev/null
cp "${EVENT//@RUN@/$((RUNS + 6))}" "$WORK/register-task-definition-noncompliant.json"
for name in register-task-definition register-task-definition-noncompliant register-task-definition-shared-role \
    run-task register-task-definition-failed; do
  AWS_ENDPOINT_URL=http://127.0.0.1:$PROXY_PORT java -jar $JAR invoke --aws "$WORK/$name.json" >/dev/null 2>&1 || true
  curl -sf "http://127.0.0.1:$PROXY_PORT/__counts" | python3 -c "
import json, sys
counts = json.load(sys.stdin)
print(f'  {sys.argv[1]:40s} {sum(counts.values()):3d}  ' + ', '.join(f'{k} {v}' for k, v in sorted(counts.items())))" "$name"
done
