#!/usr/bin/env bash
# Runs the JDBC benchmarks (raw H2, p6spy, datasource-proxy, dualaccess) and prints a Markdown table
# of throughput, CPU time and allocation per operation, each beside its ratio to (or difference from)
# raw. See docs/performance.md.
#
#   benchmarks/run.sh                  full run (~40 min): 2 rounds × (-f 2 -wi 5 -w 2s -i 5 -r 1s -prof gc)
#   benchmarks/run.sh --quick          smoke test (~3 min): 1 round × (-f 1 -wi 1 -i 2); numbers not meaningful
#   benchmarks/run.sh --rounds 3 statementCycle          more rounds, one workload (a JMH regex)
#   benchmarks/run.sh --modes raw,dualaccess-off         some modes only (default: JdbcState.mode's list)
#   benchmarks/run.sh -- -t 2 -jvmArgsAppend -XX:+UseParallelGC   anything after -- goes to JMH
#   benchmarks/run.sh --no-build       use target/benchmarks.jar as it is (e.g. while the tree is mid-edit)
#
# Environment overrides: FORKS, WARMUP_ITERATIONS, ITERATIONS, WARMUP_TIME, TIME, ROUNDS, MODES,
# JAVA (the java binary), REBUILD=1 (always rebuild the jar), NO_BUILD=1 (never build), JAR (run this
# benchmark jar instead, never rebuilt), OUT_DIR (where results go, default benchmarks/target).
#
# Each round runs every mode once per workload; odd rounds go raw → dualaccess, even rounds the
# other way, so slow drift on a shared machine does not always favour the same mode. Results:
# jmh-result-<round>.json (JMH's JSON) and jmh-result.md (the table) in benchmarks/target.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
jar="${JAR:-$here/target/benchmarks.jar}"
out_dir="${OUT_DIR:-$here/target}"

FORKS="${FORKS:-2}"
WARMUP_ITERATIONS="${WARMUP_ITERATIONS:-5}"
ITERATIONS="${ITERATIONS:-5}"
WARMUP_TIME="${WARMUP_TIME:-2s}"
TIME="${TIME:-1s}"
ROUNDS="${ROUNDS:-2}"
MODES="${MODES:-}"
JAVA="${JAVA:-java}"
REBUILD="${REBUILD:-0}"
NO_BUILD="${NO_BUILD:-0}"
filter='io\.dualaccess\.benchmarks\..*'
extra=()

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) FORKS=1; WARMUP_ITERATIONS=1; ITERATIONS=2; ROUNDS=1; shift ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --modes) MODES="$2"; shift 2 ;;
    --rebuild) REBUILD=1; shift ;;
    --no-build) NO_BUILD=1; shift ;;
    -h|--help) usage; exit 0 ;;
    --) shift; extra=("$@"); break ;;
    -*) echo "run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) filter="$1"; shift ;;
  esac
done

if ! [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]]; then
  echo "run.sh: --rounds wants a positive number, got '$ROUNDS'" >&2
  exit 2
fi

# Build when the jar is missing or older than any source of the benchmarks or of dualaccess.
stale() {
  [[ -n "${JAR:-}" ]] && return 1
  [[ "$NO_BUILD" == 1 && -f "$jar" ]] && return 1
  [[ "$REBUILD" == 1 || ! -f "$jar" ]] && return 0
  [[ -n "$(find "$here/src" "$here/pom.xml" "$root/pom.xml" "$root/proxy-core/src" "$root/proxy-core/pom.xml" \
      "$root/jdbc-driver/src/main" "$root/jdbc-driver/pom.xml" -newer "$jar" -print -quit 2>/dev/null)" ]]
}
if stale; then
  echo "run.sh: building $jar" >&2
  if grep -q '<module>benchmarks</module>' "$root/pom.xml"; then
    mvn -q -B -ntp -f "$root/pom.xml" -pl benchmarks -am package -Dmaven.test.skip=true
  else
    # Not yet a module of the root build: install proxy-core and jdbc-driver, then build this one.
    mvn -q -B -ntp -f "$root/pom.xml" install -Dmaven.test.skip=true
    mvn -q -B -ntp -f "$here/pom.xml" package -Dmaven.test.skip=true
  fi
fi

# Default modes: the @Param list of JdbcState.mode, read from the jar (one place to add a mode).
if [[ -z "$MODES" ]]; then
  MODES="$("$JAVA" -cp "$jar" io.dualaccess.benchmarks.DefaultModes)"
fi

# Reverse a comma-separated list.
reversed() {
  local IFS=,
  local -a items=($1) out=()
  local i
  for ((i = ${#items[@]} - 1; i >= 0; i--)); do out+=("${items[i]}"); done
  echo "${out[*]}"
}

mkdir -p "$out_dir"
rm -f "$out_dir"/jmh-result-*.json "$out_dir/jmh-result.md"
results=()
for ((round = 1; round <= ROUNDS; round++)); do
  order="$MODES"
  if ((round % 2 == 0)); then order="$(reversed "$MODES")"; fi
  out="$out_dir/jmh-result-$round.json"
  echo "run.sh: round $round of $ROUNDS, modes in order $order" >&2
  "$JAVA" -jar "$jar" "$filter" \
    -f "$FORKS" -wi "$WARMUP_ITERATIONS" -i "$ITERATIONS" -w "$WARMUP_TIME" -r "$TIME" \
    -prof gc -prof io.dualaccess.benchmarks.CpuTimeProfiler -p mode="$order" \
    -rf json -rff "$out" \
    ${extra[@]+"${extra[@]}"}
  results+=("$out")
done

echo
"$JAVA" -cp "$jar" io.dualaccess.benchmarks.ResultTable "${results[@]}" | tee "$out_dir/jmh-result.md"
