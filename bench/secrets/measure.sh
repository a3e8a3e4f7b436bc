#!/usr/bin/env bash
# Measures ecs-guard's secret detector on the labelled corpus test/secrets/corpus.tsv and runs secretlint
# (recommended preset, version pinned in bench/secrets/package-lock.json) on the same rows, printing both.
# gitleaks' rules (bench/secrets/gitleaks.toml, a pinned copy) and detect-secrets' keyword detector are scored
# too, ported to Java (GitleaksRules, DetectSecretsKeywords): their tools need a Go binary and PyPI.
#
#   bench/secrets/measure.sh            ecs-guard, the ported peers and secretlint (needs npm and Node >= 20)
#   bench/secrets/measure.sh --ours     ecs-guard and the ported peers, no npm
#
# A row counts for ecs-guard when no-secret-env-names (credential name + literal value),
# no-secret-env-values (a value detector) or no-high-entropy-literals (the entropy hint) would report it. Secretlint sees each row
# as an environment file holding one line, NAME=value. Exits non-zero when ecs-guard misses a target:
# recall >= 0.98, precision >= 0.95, every secret secretlint finds, better recall and precision than secretlint.
# Nothing prints a value: rows are named by id, kind and variable name.
set -euo pipefail

cd "$(dirname "$0")/../.."
root=$(pwd)
bench=bench/secrets
corpus=test/secrets/corpus.tsv
ours_only=false
[[ "${1:-}" == "--ours" ]] && ours_only=true

# Compile only when a source is newer than the compiled measure (other builds may share target/).
marker=target/test-classes/dev/ecsguard/secrets/CorpusMeasure.class
if [[ ! -f "$marker" || ! -f target/classes/dev/ecsguard/secrets/SecretDetector.class \
    || -n "$(find src pom.xml -newer "$marker" -print -quit)" ]]; then
  echo "Compiling (./mvnw -q -B test-compile)..." >&2
  ./mvnw -q -B test-compile
fi
# The test classpath (the gitleaks port reads TOML), written once per pom.
classpath=target/secrets-bench.classpath
if [[ ! -s "$classpath" || pom.xml -nt "$classpath" ]]; then
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath" >&2
fi
measure=(java -cp "target/classes:target/test-classes:$(cat "$classpath")" dev.ecsguard.secrets.CorpusMeasure
  --corpus "$corpus" --gitleaks "$bench/gitleaks.toml")

if $ours_only; then
  exec "${measure[@]}"
fi

# secretlint, installed from the committed lock file into target/secretlint (reused while the lock is unchanged).
tool=target/secretlint
if [[ ! -x "$tool/node_modules/.bin/secretlint" ]] || ! cmp -s "$bench/package-lock.json" "$tool/package-lock.json"; then
  echo "Installing secretlint into $tool (npm ci)..." >&2
  rm -rf "$tool"
  mkdir -p "$tool"
  cp "$bench/package.json" "$bench/package-lock.json" "$bench/.secretlintrc.json" "$tool/"
  (cd "$tool" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
cp "$bench/.secretlintrc.json" "$tool/"
version=$(node -p "require('./$tool/node_modules/secretlint/package.json').version")

scratch=$(mktemp -d "${TMPDIR:-/tmp}/ecs-guard-secretlint.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
"${measure[@]}" --write-env "$scratch/rows"

# secretlint exits 1 when it finds something; with --output it exits 0, 2 on a fatal error.
started=$(date +%s%N)
(cd "$scratch/rows" && "$root/$tool/node_modules/.bin/secretlint" "**/*" \
  --secretlintrc "$root/$tool/.secretlintrc.json" --format json --output "$scratch/secretlint.json" --no-color)
elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
rows=$(( $(wc -l < "$corpus") - 1 ))
# One line per row secretlint reports: <id> TAB <rule ids>. Every row file must have been scanned.
node -e '
  const path = require("path");
  const results = require(process.argv[1]);
  if (results.length !== Number(process.argv[2])) {
    console.error(`secretlint scanned ${results.length} files, expected ${process.argv[2]}`);
    process.exit(2);
  }
  for (const file of results) {
    if (file.messages.length === 0) continue;
    const rules = [...new Set(file.messages.map((m) => m.ruleId))].sort();
    console.log(path.basename(file.filePath, ".env") + "\t" + rules.join(","));
  }' "$scratch/secretlint.json" "$rows" > "$scratch/secretlint.tsv"
echo "secretlint $version scanned $rows files in ${elapsed_ms} ms (one process, Node start-up included)."

"${measure[@]}" --secretlint "$scratch/secretlint.tsv" --secretlint-version "$version"
