#!/usr/bin/env bash
# Measures ecs-guard on the labelled corpus of real public task definitions, test/corpus/real/ (docs/corpus.md):
# per rule the findings, true and false positives and precision; recall over the labelled must-report items; the
# share of files that pass baseline (no finding of a baseline rule at MEDIUM or above), now and once the labelled
# false positives are fixed; and which baseline rules keep files from passing.
#
#   bench/corpus.sh              plain tables
#   bench/corpus.sh --markdown   the tables as docs/corpus.md keeps them
#   bench/corpus.sh --lint       also runs the CLI, `ecs-guard lint --format json`, over the corpus and checks that
#                                it reports the same findings as the measure (which evaluates in-process)
#
# The evaluation is the built-in policy's, as `ecs-guard lint` with no policy file, no ECS_GUARD_* variable and no
# AWS_REGION; a rule's profile (baseline or restricted) is read from its @RuleInfo. The JUnit guard of the same
# labels is RealCorpusTest.
set -euo pipefail

cd "$(dirname "$0")/.."
markdown=()
check_lint=false
for arg in "$@"; do
  case "$arg" in
    --markdown) markdown=(--markdown) ;;
    --lint) check_lint=true ;;
    *) echo "usage: bench/corpus.sh [--markdown] [--lint]" >&2; exit 2 ;;
  esac
done

# Compile only when a source is newer than the compiled measure (other builds may share target/).
marker=target/test-classes/dev/ecsguard/corpus/RealCorpusMeasure.class
if [[ ! -f "$marker" || -n "$(find src pom.xml -newer "$marker" -print -quit)" ]]; then
  echo "Compiling (./mvnw -q -B test-compile)..." >&2
  ./mvnw -q -B test-compile
fi
classpath_file=target/corpus-classpath.txt
if [[ ! -s "$classpath_file" || pom.xml -nt "$classpath_file" ]]; then
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2
fi
classpath="target/classes:target/test-classes:$(cat "$classpath_file")"

java -cp "$classpath" dev.ecsguard.corpus.RealCorpusMeasure "${markdown[@]}"

if $check_lint; then
  # The CLI's own output, compared on file, rule, severity, container and field with the measure's.
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
  set +e
  # A clean environment: no AWS_REGION, no ECS_GUARD_* settings.
  env -i PATH="$PATH" HOME="$HOME" java -cp "$classpath" dev.ecsguard.cli.EcsGuardCli lint --format json test/corpus/real/*.json > "$out/lint.json"
  status=$?
  set -e
  if (( status > 1 )); then
    echo "ecs-guard lint failed with status $status" >&2
    exit "$status"
  fi
  java -cp "$classpath" dev.ecsguard.corpus.RealCorpusLintCheck "$out/lint.json"
fi
