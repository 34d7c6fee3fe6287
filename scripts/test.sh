#!/usr/bin/env bash
# Runs every test suite and ends with one line: "N passed, N failed, N skipped".
#   1. the .NET suites (HTTP tests against a real server, and the store suite per provider);
#      the PostgreSQL store suite runs when TEST_POSTGRES holds an admin connection string
#      (for example "Host=127.0.0.1;Username=postgres;Password=postgres"); .ci/run sets it.
#      With TEST_POSTGRES set, the HTTP suite runs a second time on PostgreSQL.
#   2. unmodified Webex clients from npm (tests/compat) against a freshly started server.
set -uo pipefail
cd "$(dirname "$0")/.."

dotnet_log=$(mktemp)
node_log=$(mktemp)
data=$(mktemp -d)
trap 'rm -rf "$dotnet_log" "$node_log" "$data"; [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null' EXIT

if ! dotnet build Parley.slnx -c Release -warnaserror 2>&1 | tail -n 3; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi

dotnet test --solution Parley.slnx -c Release --no-build 2>&1 | tee "$dotnet_log"
dotnet_status=${PIPESTATUS[0]}
if [ -n "${TEST_POSTGRES:-}" ]; then
  echo "HTTP suite on PostgreSQL:"
  PARLEY_TEST_PROVIDER=postgres dotnet test --project tests/Parley.Server.Tests -c Release --no-build 2>&1 | tee -a "$dotnet_log"
  [ "${PIPESTATUS[0]}" -ne 0 ] && dotnet_status=1
fi

# Real clients: a server on a free loopback port with a known admin token.
node_status=0
# Reinstall whenever the lock file changed since the last install.
if ! cmp -s tests/compat/package-lock.json tests/compat/node_modules/.parley-installed-lock; then
  (cd tests/compat && npm ci --no-audit --no-fund --silent && cp package-lock.json node_modules/.parley-installed-lock)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token="$(printf 'c%.0s' $(seq 1 64))_PF84_00000000-0000-0000-0000-0000000000c1"
Parley__DataDirectory="$data" Parley__Bootstrap__AdminToken="$token" Parley__RateLimit__PermitLimit=0 Parley__Security__AllowPrivateNetworkTargets=true \
  Logging__LogLevel__Default=Warning \
  dotnet src/Parley.Server/bin/Release/net10.0/Parley.Server.dll --urls "http://127.0.0.1:$port" >"$data/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 60); do
  curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/people/me" && break
  sleep 0.5
done
(cd tests/compat && PARLEY_URL="http://127.0.0.1:$port/v1/" PARLEY_TOKEN="$token" node --test) 2>&1 | tee "$node_log"
node_status=${PIPESTATUS[0]}

# Microsoft.Testing.Platform prints "succeeded: N" etc.; node's runner prints "# pass N".
count() { grep -E "$2" "$1" | awk '{s += $NF} END {print s + 0}'; }
passed=$(( $(count "$dotnet_log" '^\s+succeeded: [0-9]+$') + $(count "$node_log" '^# pass [0-9]+$') ))
failed=$(( $(count "$dotnet_log" '^\s+failed: [0-9]+$') + $(count "$node_log" '^# fail [0-9]+$') ))
skipped=$(( $(count "$dotnet_log" '^\s+skipped: [0-9]+$') + $(count "$node_log" '^# skipped [0-9]+$') ))
status=0
if [ "$dotnet_status" -ne 0 ] || [ "$node_status" -ne 0 ]; then
  status=1
  [ "$failed" -eq 0 ] && failed=1
fi
# The failures again, so that the end of a long log (all a CI summary may keep) names them.
if [ "$status" -ne 0 ]; then
  echo "Failed tests:"
  grep -A 5 -E '^failed ' "$dotnet_log"
  grep -E '^not ok ' "$node_log"
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
