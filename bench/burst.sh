#!/usr/bin/env bash
# The burst, on this machine: 1,000 RegisterTaskDefinition events (a third non-compliant) through the real handler,
# enforce mode, against moto, once on a clean network and once through FaultProxy's schedule of throttling, 500s,
# timeouts and connection resets (BurstIT, the failsafe suite). Prints events per second, alerts received through the
# topics' SQS subscriptions, DeregisterTaskDefinition requests that reached moto, and the faults injected.
#   EVENTS=300 bench/burst.sh     a quicker look (a multiple of 3)
set -euo pipefail
cd "$(dirname "$0")/.."
EVENTS=${EVENTS:-1000}
COMMAND=(./mvnw -B -o verify -Dtest=NoUnitTests -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=BurstIT
  -Dburst.events="$EVENTS")
rm -rf target/burst
started=$(date +%s)
"${COMMAND[@]}" >target/burst.log 2>&1 || { tail -40 target/burst.log; echo "burst failed: see target/burst.log"; exit 1; }
finished=$(date +%s)

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), load average" \
  "$(cut -d' ' -f1-3 /proc/loadavg) after the run, $(java -version 2>&1 | head -1), moto $(python3 -c 'import moto; print(moto.__version__)')"
echo "command: ${COMMAND[*]}  ($((finished - started)) s with the build)"
echo
cat target/burst/clean.txt target/burst/faults.txt
