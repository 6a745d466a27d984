#!/usr/bin/env bash
# The project's one test command: real PostgreSQL + MariaDB, then `mvn verify`.
#   scripts/test.sh [extra maven args]     e.g. scripts/test.sh -pl proxy-core -Dtest=Foo
# Servers a developer already started (scripts/test-servers.sh start) are
# reused and left running; servers this run starts are stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SERVERS="$ROOT/scripts/test-servers.sh"

# shellcheck disable=SC2317 # only called from the EXIT trap
stop_servers() {
  "$SERVERS" stop || echo "test.sh: warning: stopping test servers failed" >&2
}

# status: 0 both running, 1 one running, 3 none. Anything already running
# belongs to someone else (a developer's session): never stop it.
status=0
"$SERVERS" status >/dev/null 2>&1 || status=$?
if [[ $status -eq 3 ]]; then
  trap stop_servers EXIT
  # Make Ctrl-C / kill go through the EXIT trap too.
  trap 'exit 130' INT
  trap 'exit 143' TERM
fi

env_lines=$("$SERVERS" start)
eval "$env_lines"

echo "test.sh: PostgreSQL: $TEST_PG_URL_A , $TEST_PG_URL_B (user $TEST_PG_USER)"
echo "test.sh: MariaDB:    $TEST_MARIADB_URL_A , $TEST_MARIADB_URL_B (user $TEST_MARIADB_USER)"

cd "$ROOT"
echo "test.sh: mvn -B -ntp verify $*"
rc=0
mvn -B -ntp verify "$@" || rc=$?
if [[ $# -eq 0 && $rc -eq 0 ]]; then
  # The full suite also runs the starter's tests on Spring Boot 4.0 (about 50 s of CPU: the
  # module recompiled against Boot 4 and its shop tests; the upstream modules' tests are not
  # rerun). Liquibase and Spring Security (two more application contexts, about 25 s of CPU)
  # run on Boot 3.5 here and on Boot 4.0 with the profile alone:
  #   mvn -B -ntp verify -pl spring-boot-starter -am -Pboot4
  echo "test.sh: mvn -B -ntp verify -pl spring-boot-starter -am -Pboot4 (starter tests only)"
  mvn -B -ntp verify -pl spring-boot-starter -am -Pboot4 -DskipITs \
    -Dtest='io/dualaccess/spring/**/*Test.java, !LiquibaseThroughStarterTest' \
    -Dsurefire.failIfNoSpecifiedTests=false || rc=$?
fi
exit "$rc"
