#!/usr/bin/env bash
# Runs every test project and ends with one line: "N passed, N failed, N skipped".
# The PostgreSQL store suite runs when TEST_POSTGRES holds an admin connection string
# (for example "Host=127.0.0.1;Username=postgres;Password=postgres"); .ci/run sets it.
set -uo pipefail
cd "$(dirname "$0")/.."

log=$(mktemp)
dotnet build Parley.slnx -c Release -warnaserror 2>&1 | tail -n 3
if [ "${PIPESTATUS[0]}" -ne 0 ]; then
  echo "0 passed, 1 failed"
  exit 1
fi
dotnet test --solution Parley.slnx -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform prints one summary per run: total, failed, succeeded, skipped.
sum() { grep -E "^\s+$1: [0-9]+" "$log" | awk '{s += $2} END {print s + 0}'; }
passed=$(sum succeeded)
failed=$(sum failed)
skipped=$(sum skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi
rm -f "$log"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
