#!/usr/bin/env bash
# Fuzzes one Jazzer target for longer than the regression replay `./mvnw verify` runs, then prints what it did:
# executions, executions per second, libFuzzer's coverage counters (cov: edges, ft: features, corp: corpus) and
# Jazzer's coverage report of the ecs-guard classes, plus the exact command.
#
#   bench/fuzz.sh [target] [duration]      e.g. bench/fuzz.sh pipeline 5m; bench/fuzz.sh all 2m
#
# Targets (dev.ecsguard.fuzz, src/test/java):
#   pipeline          PipelineFuzzTest#mutatedEvent         mutated sample events + planted secrets, whole offline pipeline
#   pipeline-raw      PipelineFuzzTest#rawEvent             arbitrary bytes as the Lambda's event, whole offline pipeline
#   events            CloudTrailEventsFuzzTest#parse        arbitrary bytes into the event parser
#   definitions       TaskDefinitionsFuzzTest#mutatedDefinition  mutated rule cases + planted secrets, mapper/rules/renderers
#   definitions-raw   TaskDefinitionsFuzzTest#rawDefinition arbitrary bytes as a task definition file
#   all               each of the above in turn, [duration] each
# Duration: Jazzer's format (30s, 5m, 1h); default 2m.
#
# Where things go (nothing lands in the committed tree unless it is a finding):
#   - the corpus the run grows: .cifuzz-corpus/<class>/<method>/ (git-ignored; reused by the next run);
#   - a finding (crash, failed property): its input is written next to the committed seeds, as
#     src/test/resources/dev/ecsguard/fuzz/<Class>Inputs/<method>/crash-<sha1>, so that `./mvnw verify` replays it
#     from then on. The script lists any such new file. Fix the bug, then commit the input as a regression input.
#   - the run's full log: target/fuzz/<target>.log; the coverage report: target/fuzz/<target>.coverage.txt.
#
# Regression mode in `./mvnw verify` runs with Jazzer's hooks off (pom.xml, jazzer.hooks), which also leaves the agent
# out; fuzzing needs the agent (coverage instrumentation), so here they are on: the string-compare hooks guide the
# fuzzer and Jazzer's sanitizers (regex injection, path traversal, …) are armed. Instrumenting the classes takes
# about a minute on a busy 2-core machine before the first execution; Jazzer's coverage report is written at exit
# (surefire is told to wait for it).
set -euo pipefail
cd "$(dirname "$0")/.."

target="${1:-pipeline}"
duration="${2:-2m}"

case "$target" in
  pipeline) test='PipelineFuzzTest#mutatedEvent' ;;
  pipeline-raw) test='PipelineFuzzTest#rawEvent' ;;
  events) test='CloudTrailEventsFuzzTest#parse' ;;
  definitions) test='TaskDefinitionsFuzzTest#mutatedDefinition' ;;
  definitions-raw) test='TaskDefinitionsFuzzTest#rawDefinition' ;;
  all)
    status=0
    for each in pipeline pipeline-raw events definitions definitions-raw; do
      "$0" "$each" "$duration" || status=1
    done
    exit "$status"
    ;;
  *) echo "usage: bench/fuzz.sh [pipeline|pipeline-raw|events|definitions|definitions-raw|all] [duration]" >&2; exit 2 ;;
esac

class="${test%%#*}"
method="${test##*#}"
inputs="src/test/resources/dev/ecsguard/fuzz/${class}Inputs/${method}"
mkdir -p target/fuzz
log="target/fuzz/${target}.log"
coverage="$PWD/target/fuzz/${target}.coverage.txt"
rm -f "$coverage"

# Offline when the dependencies are already there (the usual case); FUZZ_ONLINE=1 lets Maven fetch them.
offline=-o
[ "${FUZZ_ONLINE:-}" = 1 ] && offline=
./mvnw -B -q $offline test-compile

command=(env JAZZER_FUZZ=1 ./mvnw -B $offline surefire:test "-Dtest=$test" -Dsurefire.failIfNoSpecifiedTests=false
  -Djazzer.hooks=true "-Djazzer.max_duration=$duration" "-Djazzer.coverage_report=$coverage"
  -Dsurefire.exitTimeout=600)
echo "command: ${command[*]}"
before=$(ls "$inputs" | sort)
start=$(date +%s)
set +e
"${command[@]}" > "$log.maven" 2>&1
status=$?
set -e
elapsed=$(( $(date +%s) - start ))
# libFuzzer writes its status lines to the forked JVM's native stderr, which Maven shows; Jazzer's own lines go to
# the test's output file. Keep both.
cat "$log.maven" "target/surefire-reports/dev.ecsguard.fuzz.${class}-output.txt" > "$log" 2>/dev/null || true
rm -f "$log.maven"

# libFuzzer's status lines: "#123456	REDUCE cov: 812 ft: 2301 corp: 240/88Kb lim: 4096 exec/s: 1543 rss: 512Mb".
last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -1 || true)
runs=$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/p' <<<"$done_line")
seconds=$(sed -nE 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/p' <<<"$done_line")
if [ -z "$runs" ]; then
  runs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$last")
  seconds=""
fi
field() { sed -nE "s/.* $1: ([^ ]+).*/\1/p" <<<"$last"; }

echo "target:      $target ($test), asked for $duration, wall $elapsed s including the build and the JVM start"
echo "executions:  ${runs:-?}${seconds:+ in $seconds s}"
if [ -n "${runs:-}" ] && [ -n "${seconds:-}" ] && [ "$seconds" -gt 0 ]; then
  echo "execs/s:     $(( runs / seconds )) (average)"
fi
echo "last status: ${last:-none}"
echo "coverage:    cov $(field cov) edges, ft $(field ft) features, corpus $(field corp) entries/size"
if [ -s "$coverage" ]; then
  # Jazzer's report lists "File.java: covered/total (pct)" under "Branch coverage:" and "Line coverage:" for every
  # class on the class path; sum it over the main sources (src/main/java), then show the classes each target is for.
  main=$(find src/main/java -name '*.java' -printf '%f\n' | sort -u | tr '\n' ' ')
  awk -v main=" $main" '
    /^Branch coverage:/ {section="branches"; next}
    /^Line coverage:/ {section="lines"; next}
    /^[A-Za-z]+ coverage:/ || /^Missed/ {section=""; next}
    section != "" && $1 ~ /\.java:$/ && $2 ~ /^[0-9]+\/[0-9]+$/ {
      file = substr($1, 1, length($1) - 1); split($2, n, "/")
      if (!index(main, " " file " ")) next
      covered[section] += n[1]; total[section] += n[2]
      if (file ~ /^(CloudTrailEvents|TaskDefinitions|Engine|Policy|SensitiveValues|SecretDetector|TextReport|JsonReport|ChatbotReport|Pipeline)\.java$/)
        key[file] = key[file] sprintf(" %s %d/%d", section, n[1], n[2])
    }
    END {
      for (s in total) printf "             %s of src/main/java: %d/%d (%.1f%%)\n", s, covered[s], total[s], 100 * covered[s] / total[s]
      for (k in key) printf "               %-24s%s\n", k, key[k]
    }' "$coverage" | sort -r
  echo "             full report: $coverage"
fi
new=$(comm -13 <(echo "$before") <(ls "$inputs" | sort) || true)
if [ -n "$new" ]; then
  echo "FINDINGS (new inputs in $inputs):"
  sed 's/^/  /' <<<"$new"
fi
if [ "$status" -ne 0 ]; then
  grep -E 'FuzzTestFindingException|AssertionFailedError|AssertionError|== Java Exception' "$log" | head -5 || true
  echo "result:      FAILED (a finding; log: $log)"
  exit 1
fi
echo "result:      no finding (log: $log)"
