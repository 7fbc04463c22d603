#!/usr/bin/env bash
# Wall time of `threatloop gate` per run, JVM start included, on a git repository whose history
# is a spec series from ../shared/corpus/history (one commit per version). Each run compares one
# commit with the next: one spec, one change, like a typical pull request.
#
#   bench/gate/gate-bench.sh [SERIES_DIR] [RUNS]
#
# Needs the CLI built (./mvnw -pl cli -am package -DskipTests) and git. Prints each run and the
# median, min and max; BENCHMARKS.md records the figures.
set -euo pipefail
HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERIES="${1:-$HOME_DIR/../shared/corpus/history/twilio-oai/twilio_accounts_v1}"
RUNS="${2:-10}"
JAR="$HOME_DIR/cli/target/threatloop-cli.jar"
[[ -f "$JAR" ]] || { echo "build the CLI first: ./mvnw -pl cli -am package -DskipTests" >&2; exit 2; }
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

repo="$WORK/repo"
git init -q "$repo"
git -C "$repo" config user.email bench@threatloop.local
git -C "$repo" config user.name bench
count=0
for version in $(ls "$SERIES" | grep -E '^[0-9]{3}-' | sort); do
  cp "$SERIES/$version" "$repo/openapi.${version##*.}"
  git -C "$repo" add -A
  git -C "$repo" commit -q -m "$version" --allow-empty
  count=$((count + 1))
done
echo "repository: $count commits of $(basename "$SERIES"), spec $(du -h "$repo"/openapi.* | cut -f1)" >&2

mapfile -t commits < <(git -C "$repo" rev-list --reverse HEAD)
times=()
for ((i = 0; i < RUNS; i++)); do
  # spread the runs over the history: each compares a version with the next
  n=$(( (i * (${#commits[@]} - 1)) / RUNS ))
  base="${commits[$n]}"; head="${commits[$((n + 1))]}"
  start=$(date +%s%N)
  set +e
  java ${GATE_JAVA_OPTS:-} -jar "$JAR" gate --repo "$repo" --base "$base" --head "$head" --quiet --format json > "$WORK/out.json"
  exit=$?
  set -e
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  introduced=$(grep -c '"ruleId"' "$WORK/out.json" || true)
  echo "run $((i + 1)): ${base:0:8}..${head:0:8} ${ms} ms (exit $exit)" >&2
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "gate wall time over $RUNS runs (JVM start included): median ${sorted[$((RUNS / 2))]} ms, min ${sorted[0]} ms, max ${sorted[$((RUNS - 1))]} ms"
