#!/usr/bin/env bash
# The load run against real PostgreSQL servers: a mixed OLTP workload (60 % point selects, 15 % range
# selects of 20 rows, 15 % updates in a transaction, 10 % inserts with a generated key) on 8 threads
# through HikariCP, raw and through dualaccess in every phase, with B healthy, stopped and slowed;
# then a single-threaded probe of what one mirrored write costs. Prints a Markdown table of
# throughput and p50/p99/p999 latency as ratios to raw and to the healthy-B run. See
# docs/performance.md ("Load run against PostgreSQL").
#
#   benchmarks/load.sh                 full run (5–7 min): 2 rounds × 10 scenarios × (4 s warm-up + 10 s), probe 5 × 300
#   benchmarks/load.sh --quick         1–2 minutes: 1 round × (2 s + 3 s), probe 2 × 100; numbers rough
#   benchmarks/load.sh --rounds 4 --scenarios raw,dual-write,dual-write/b-stopped    anything else goes to LoadRun
#   benchmarks/load.sh --no-build      use target/benchmarks.jar as it is
#   benchmarks/load.sh --help          LoadRun's options
#
# Databases: the test servers (scripts/test-servers.sh start, reused when running, stopped at the end
# only if this script started them), databases TEST_PG_URL_A and TEST_PG_URL_B. Set TEST_PG_URL_A,
# TEST_PG_URL_B, TEST_PG_USER and TEST_PG_PASSWORD beforehand to use other databases of that server;
# or pass --a-url/--b-url/--user/--password. The run drops and recreates the table load_item in A and B.
#
# Environment: JAVA (the java binary), JAVA_OPTS (JVM options, default -Xmx1g), JAR (run this jar,
# never rebuilt), OUT_DIR (results, default benchmarks/target/load). Results: load-result.md and
# load-result.json in OUT_DIR.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="${JAR:-$here/target/benchmarks.jar}"
out_dir="${OUT_DIR:-$here/target/load}"
JAVA="${JAVA:-java}"
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"
no_build=0
args=()

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

for a in "$@"; do
  case "$a" in
    --no-build) no_build=1 ;;
    -h|--help) usage; echo; args+=("$a") ;;
    *) args+=("$a") ;;
  esac
done

# Build when the jar is missing or older than any source of the benchmarks or of dualaccess.
stale() {
  [[ -n "${JAR:-}" ]] && return 1
  [[ ! -f "$jar" ]] && return 0
  [[ "$no_build" == 1 ]] && return 1
  [[ -n "$(find "$here/src/main" "$here/pom.xml" "$root/pom.xml" "$root/proxy-core/src/main" "$root/proxy-core/pom.xml" \
      "$root/jdbc-driver/src/main" "$root/jdbc-driver/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]]
}
if stale; then
  echo "load.sh: building $jar" >&2
  mvn -q -B -ntp -f "$root/pom.xml" -pl benchmarks -am package -Dmaven.test.skip=true
fi

if [[ " ${args[*]-} " == *" --help "* || " ${args[*]-} " == *" -h "* ]]; then
  exec "$JAVA" -cp "$jar" io.dualaccess.benchmarks.load.LoadRun --help
fi

# The test servers, as scripts/test.sh starts them; the caller's databases win.
servers="$root/scripts/test-servers.sh"
status=0
"$servers" status >/dev/null 2>&1 || status=$?
if [[ $status -eq 3 ]]; then
  trap '"$servers" stop || echo "load.sh: warning: stopping test servers failed" >&2' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
fi
saved_a="${TEST_PG_URL_A:-}" saved_b="${TEST_PG_URL_B:-}" saved_user="${TEST_PG_USER:-}" saved_password="${TEST_PG_PASSWORD:-}"
eval "$("$servers" start)"
if [[ -n "$saved_a" && -n "$saved_b" ]]; then
  export TEST_PG_URL_A="$saved_a" TEST_PG_URL_B="$saved_b"
  [[ -n "$saved_user" ]] && export TEST_PG_USER="$saved_user"
  [[ -n "$saved_password" ]] && export TEST_PG_PASSWORD="$saved_password"
fi
echo "load.sh: A = $TEST_PG_URL_A, B = $TEST_PG_URL_B; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')" >&2

mkdir -p "$out_dir"
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
"$JAVA" $JAVA_OPTS -cp "$jar" io.dualaccess.benchmarks.load.LoadRun --out "$out_dir" ${args[@]+"${args[@]}"}
