#!/usr/bin/env bash
# The dualaccess demo: a sample shop on embedded databases A and B, live traffic, and a walk
# through the migration phases (shadow-read, dual-write, shadow, live) with a dashboard.
# Needs only Java 17 and Maven. Ctrl-C stops everything.
#
#   ./demo.sh                       # 20 s per phase, then keeps running in live until Ctrl-C
#   ./demo.sh --no-wait             # stop after the last phase (for scripts and CI)
#   ./demo.sh --duration 45         # stop after 45 s
#   ./demo.sh --phase-seconds 60 --rate 50 --difference missing-row
#   ./demo.sh --help                # every option
set -euo pipefail
cd "$(dirname "$0")"

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "demo.sh: $tool is not on the PATH (the demo needs Java 17 and Maven)" >&2; exit 1; }
done

jar=(sample-app/target/sample-app-*-all.jar)
if [[ "${DEMO_SKIP_BUILD:-}" != "1" || ! -f "${jar[0]}" ]]; then
  echo "demo.sh: building the sample app (mvn -q -DskipTests package -pl sample-app -am) ..."
  mvn -q -B -ntp -DskipTests package -pl sample-app -am
  jar=(sample-app/target/sample-app-*-all.jar)
fi

# exec: Ctrl-C reaches the JVM directly, whose shutdown hook stops the traffic, the shop and dualaccess.
exec java -jar "${jar[0]}" demo --dir sample-app/target/demo "$@"
