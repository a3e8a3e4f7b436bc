#!/usr/bin/env bash
# Regenerates the rule catalog in docs/rules.md from the rule classes (ReadmeTest fails when they drift apart).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/ecs-guard.jar ] || ./mvnw -q -B package -DskipTests
python3 - <<'PY'
import subprocess
table = subprocess.run(["java", "-jar", "target/ecs-guard.jar", "rules", "--format", "markdown"],
                       check=True, capture_output=True, text=True).stdout
begin = "<!-- rules:begin (generated: ecs-guard rules --format markdown) -->\n"
end = "<!-- rules:end -->"
doc = open("docs/rules.md").read()
start, stop = doc.index(begin) + len(begin), doc.index(end)
open("docs/rules.md", "w").write(doc[:start] + table + doc[stop:])
PY
