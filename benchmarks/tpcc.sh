#!/usr/bin/env bash
# The macro benchmark: a TPC-C-like mix (new-order, payment, order-status, stock-level) against
# PostgreSQL A, directly and through dualaccess in off, dual-write and shadow, in interleaved rounds;
# B on a PostgreSQL server of its own (initdb + pg_ctl in a temporary directory, stopped afterwards).
# Prints a Markdown table of throughput (and its ratio to direct), p50/p99, client CPU per
# transaction (from /proc), B's server CPU per transaction and the share of reads compared.
# See docs/performance.md ("Macro benchmark").
#
#   benchmarks/tpcc.sh                  3 rounds × 4 modes × (10 s warm-up + 20 s), about 8-10 minutes
#                                       (a warm-up goes on while the JIT still compiles, up to --warmup-max 60 s)
#   benchmarks/tpcc.sh --quick          1 round × (3 s + 5 s); numbers rough
#   benchmarks/tpcc.sh --set dualaccess.shadow.budget=0.25 --modes direct,shadow
#   benchmarks/tpcc.sh --help           TpccRun's options
#
# A: TEST_PG_URL_A (TEST_PG_USER, TEST_PG_PASSWORD), B's server from TEST_PG_BIN; set them first
# (for a helper: eval "$(/work/helper-env.sh hN)"), or pass --a-url/--pg-bin. The run drops and
# recreates the tpcc_* tables in A. Environment: JAVA, JAVA_OPTS (default -Xmx1g), JAR (run this jar,
# never rebuilt), OUT_DIR (default benchmarks/target/tpcc).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="${JAR:-$here/target/benchmarks.jar}"
out_dir="${OUT_DIR:-$here/target/tpcc}"
JAVA="${JAVA:-java}"
JAVA_OPTS="${JAVA_OPTS:--Xmx1g}"

if [[ -z "${JAR:-}" ]] && { [[ ! -f "$jar" ]] || [[ -n "$(find "$here/src/main" "$here/pom.xml" "$root/proxy-core/src/main" \
    "$root/jdbc-driver/src/main" "$root/cli/src/main" -newer "$jar" -print -quit 2>/dev/null)" ]]; }; then
  echo "tpcc.sh: building $jar" >&2
  # -DskipTests, not -Dmaven.test.skip: cli's dependency cdc needs proxy-core's test jar.
  mvn -q -B -ntp -f "$root/pom.xml" -pl benchmarks -am package -DskipTests
fi
# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec "$JAVA" $JAVA_OPTS -cp "$jar" io.dualaccess.benchmarks.tpcc.TpccRun --out "$out_dir" "$@"
