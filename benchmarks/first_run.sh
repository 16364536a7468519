#!/usr/bin/env bash
# The first `make brief` on a fresh machine: a fresh clone, an empty HOME (no wheel, pip
# or model cache), each quickstart phase timed. Results: docs/BENCHMARKS.md.
# usage: benchmarks/first_run.sh COMMIT NAME   (log: /tmp/firstrun-NAME.log)
set -u
commit=$1; name=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
rm -rf /tmp/fr-$name /tmp/frhome-$name && mkdir -p /tmp/frhome-$name
git clone -q "$repo" /tmp/fr-$name && cd /tmp/fr-$name && git checkout -q $commit
export HOME=/tmp/frhome-$name
log=/tmp/firstrun-$name.log; : > $log
for target in install model brief; do
  s=$(date +%s.%N)
  make $target >> $log 2>&1; rc=$?
  e=$(date +%s.%N)
  echo "PHASE $target rc=$rc seconds=$(echo "$e - $s" | bc)" >> $log
  [ $rc -eq 0 ] || break
done
echo DONE >> $log
