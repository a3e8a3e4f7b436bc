#!/usr/bin/env bash
# Regenerates the README's rules table from the rule classes (ReadmeTest fails when they drift apart).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/ecs-guard.jar ] || ./mvnw -q -B package -DskipTests
python3 - <<'PY'
import subprocess
table = subprocess.run(["java", "-jar", "target/ecs-guard.jar", "rules", "--format", "markdown"],
                       check=True, capture_output=True, text=True).stdout
begin = "<!-- rules:begin (generated: ecs-guard rules --format markdown) -->\n"
end = "<!-- rules:end -->"
readme = open("README.md").read()
start, stop = readme.index(begin) + len(begin), readme.index(end)
open("README.md", "w").write(readme[:start] + table + readme[stop:])
PY
