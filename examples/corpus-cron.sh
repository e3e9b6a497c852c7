#!/usr/bin/env bash
# Wrapper for cron: silent on success, the failed files and their reasons otherwise.
#   corpus-cron.sh DUMPS_DIR DB_PATH
# Exit codes are corpus's own (README, "Exit codes"): 0 ok, 1 some inputs failed (recorded in the
# database), 75 the previous ingest is still running (normal when runs overlap: not reported).
set -u
dumps=${1:?usage: corpus-cron.sh DUMPS_DIR DB_PATH}
db=${2:?usage: corpus-cron.sh DUMPS_DIR DB_PATH}
corpus=${CORPUS_BIN:-corpus}
start=$(date -u +%Y-%m-%dT%H:%M:%S)

"$corpus" ingest "$dumps" --db "$db" --quiet --min-age 120
status=$?
case $status in
  0) ;;
  75) status=0 ;;  # picked up by the next run
  1) "$corpus" errors --db "$db" --since "$start" --format csv ;;
  *) echo "corpus ingest exited with $status" ;;
esac
exit $status
