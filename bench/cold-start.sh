#!/usr/bin/env bash
# Cold-start figures of the jar, on this machine: a fresh JVM per run.
#   invoke --aws   the Lambda's pipeline against a local moto (describe, evaluate with live facts, publish)
#   invoke         offline, the definition from the event
#   lint           one task definition file
# Prints median, min and max wall time over RUNS runs (default 10) and the peak RSS of one --aws run.
# The floor (a bare ECS+SNS program in the same jar) and AppCDS come with the performance issue.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-10}
[ -f target/ecs-guard.jar ] || ./mvnw -q -B package -DskipTests

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
MOTO_IAM_LOAD_MANAGED_POLICIES=true moto_server -H 127.0.0.1 -p "$PORT" >/tmp/ecs-guard-bench-moto.log 2>&1 &
MOTO=$!
trap 'kill $MOTO 2>/dev/null || true; rm -rf "$WORK"' EXIT
WORK=$(mktemp -d)
export AWS_ENDPOINT_URL=http://127.0.0.1:$PORT AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1 \
  AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_EC2_METADATA_DISABLED=true
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/moto-api/" >/dev/null && break; sleep 0.2; done

# Register the non-compliant sample's request in moto, point the event at it, create the topic.
python3 - "$WORK" <<'PY'
import json, sys, boto3
work = sys.argv[1]
event = json.load(open("events/register-task-definition-noncompliant.json"))
ecs = boto3.client("ecs")
arn = ecs.register_task_definition(**event["detail"]["requestParameters"])["taskDefinition"]["taskDefinitionArn"]
event["detail"]["responseElements"]["taskDefinition"]["taskDefinitionArn"] = arn
json.dump(event, open(f"{work}/event.json", "w"))
json.dump(event["detail"]["responseElements"]["taskDefinition"], open(f"{work}/taskdef.json", "w"))
open(f"{work}/topic", "w").write(boto3.client("sns").create_topic(Name="bench")["TopicArn"])
PY
TOPIC=$(cat "$WORK/topic")

measure() { # name, command...
  local name=$1; shift
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v name="$name" '{a[NR]=$1} END {
    printf "%-28s median %5d ms   min %5d ms   max %5d ms   (%d runs)\n", name, a[int((NR+1)/2)], a[1], a[NR], NR}'
}

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), jar $(du -h target/ecs-guard.jar | cut -f1)"
measure "invoke --aws (moto)" env ECS_GUARD_TOPIC_ARN="$TOPIC" java -jar target/ecs-guard.jar invoke --aws "$WORK/event.json"
measure "invoke (offline)" java -jar target/ecs-guard.jar invoke events/register-task-definition-noncompliant.json
measure "lint (one file)" java -jar target/ecs-guard.jar lint "$WORK/taskdef.json"
# The outcome of one run, to show the figures measure a working invocation (exit 1: findings at HIGH).
set +e
env ECS_GUARD_TOPIC_ARN="$TOPIC" /usr/bin/time -o "$WORK/rss" -f "%M" java -jar target/ecs-guard.jar invoke --aws "$WORK/event.json" > "$WORK/out" 2>&1
echo "one invoke --aws: exit $? ($(head -c 160 "$WORK/out" | tr '\n' ' '))"
set -e
echo "peak RSS of one invoke --aws: $(( $(tail -1 "$WORK/rss") / 1024 )) MiB"
