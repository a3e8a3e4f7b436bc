#!/usr/bin/env bash
# What a scan costs as the account grows: moto accounts of 100 and 1,000 task definition families (or the
# sizes given as arguments), the task role inventory swept, then a scan of every family's latest revision through
# the real pipeline (audit), unpaced, its AWS calls counted by operation. The calls per family must stay flat.
# The program is src/test/java/dev/ecsguard/bench/ScanScale.java; it starts its own moto_server.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B -q -o test-compile 2>/dev/null || ./mvnw -B -q test-compile
./mvnw -B -q -o org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null 2>&1 \
  || ./mvnw -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
for variable in $(env | grep -o '^ECS_GUARD_[A-Z_]*' || true); do unset "$variable"; done
echo "machine: $(nproc) cores, $(java -version 2>&1 | sed -n 2p), moto $(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null || echo '?')"
echo "command: bench/scan-scale.sh $*"
java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" dev.ecsguard.bench.ScanScale "$@"
