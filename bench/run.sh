#!/usr/bin/env bash
# Benchmarks Parley in Release on a fresh SQLite data directory against a bare ASP.NET Core endpoint measured
# in the same run (the machine is shared and noisy, so only same-run ratios mean anything).
#   durable message create, 64 connections
#   list 50 messages from a room of 1k and from a room of 1M messages (and the latter once more without the JSON cache)
#   server memory (RSS) with 1M+ messages stored
# Each measurement follows a warm-up under the same load (WARMUP seconds, default 20): the JIT compiles hot paths
# in tiers, and on 2 cores the first tens of seconds measure compilation rather than the server's steady state.
# Usage: [WARMUP=20] bench/run.sh [seconds per run, default 15]   Results: bench/results/<timestamp>.md
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-15}
warmup=${WARMUP:-20}
connections=64
threads=2
port=18080
base_port=18081
for tool in wrk sqlite3; do
  command -v $tool >/dev/null || { echo "the benchmark needs $tool (Debian package: apt-get install $tool)"; exit 1; }
done
source bench/lib.sh
report="$out/$(date -u +%Y%m%dT%H%M%SZ).md"
export TOKEN=$token
baseline_pid=""
# Never leave a server behind: a stale one on the port would answer for the next run.
trap 'kill $server_pid $baseline_pid 2>/dev/null || true; rm -rf "$data"' EXIT
for p in $port $base_port; do
  if (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then echo "port $p is in use"; exit 1; fi
done

publish_server
dotnet publish bench/Baseline -c Release -o "$data/baseline" --nologo -v quiet >/dev/null

api() { curl -sf -H "Authorization: Bearer $token" -H "Content-Type: application/json" "$@"; }
room() { api -X POST "http://127.0.0.1:$port/v1/rooms" -d "{\"title\":\"$1\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
# wrk summary -> "requests/s p50 p99"
measure() {
  wrk -t$threads -c"$1" -d"${warmup}s" -s "$2" "$3" >/dev/null
  wrk -t$threads -c"$1" -d"${duration}s" --latency -s "$2" "$3" >"$data/wrk.txt"
  python3 - "$data/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
if "Requests/sec" not in text:
    sys.exit("wrk failed:\n" + text)
def ms(v):
    match = re.match(r"([\d.]+)(us|ms|s|m)", v)
    if match is None:
        sys.exit(f"unexpected latency {v!r} in:\n{text}")
    n, unit = match.groups()
    return float(n) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p50 = ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1))
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {p50:.2f} {p99:.2f} {errors.group(1) if errors else 0}")
PY
}

echo "seeding..."
start_server
small=$(room "1k messages")
big=$(room "1M messages")
write=$(room "writes")
stop_server
python3 - "$data/db/parley.db" "$small" "$big" <<'PY'
import base64, sqlite3, subprocess, sys
def uuid(room_id):
    raw = room_id + "=" * (-len(room_id) % 4)
    return base64.urlsafe_b64decode(raw).decode().rsplit("/", 1)[1].upper()
db, small, big = sys.argv[1:]
subprocess.check_call([sys.executable, "bench/seed.py", db, uuid(small), "1000"])
subprocess.check_call([sys.executable, "bench/seed.py", db, uuid(big), "1000000"])
PY
start_server

echo "baseline..."
ASPNETCORE_URLS="http://127.0.0.1:$base_port" "$data/baseline/Parley.Bench.Baseline" >/dev/null 2>&1 &
baseline_pid=$!
for _ in $(seq 1 60); do
  curl -sf -o /dev/null "http://127.0.0.1:$base_port/v1/ping" && break
  sleep 0.5
done

# Every scenario, the ceiling included, is measured in each of three rounds, and each figure is the median round: on
# a shared machine a single 15 s run can land on a noisy moment (one such run once made the 1k room look 23% slower
# than the 1M room, and a ceiling measured once at the start swung 24% between two runs of the same build). The
# first round's warm-up also lets the JIT settle before anything is compared.
base_runs=()
small_runs=()
big_runs=()
create_runs=()
for round in 1 2 3; do
echo "ceiling (round $round)..."
base_runs+=("$(measure $connections bench/get.lua "http://127.0.0.1:$base_port/v1/ping")")
echo "list from 1k room (round $round)..."
small_runs+=("$(measure $connections bench/get.lua "http://127.0.0.1:$port/v1/messages?roomId=$small&max=50")")
echo "list from 1M room (round $round)..."
big_runs+=("$(measure $connections bench/get.lua "http://127.0.0.1:$port/v1/messages?roomId=$big&max=50")")
echo "create (round $round)..."
create_runs+=("$(ROOM_ID=$write measure $connections bench/post_message.lua "http://127.0.0.1:$port/v1/messages")")
done
kill $baseline_pid; wait $baseline_pid 2>/dev/null || true
# The round with the median requests/s, as "requests/s p50 p99 non-2xx".
median() { printf '%s\n' "$@" | sort -n -k1,1 | sed -n 2p; }
read -r base_rps base_p50 base_p99 base_err < <(median "${base_runs[@]}")
read -r small_rps small_p50 small_p99 small_err < <(median "${small_runs[@]}")
read -r big_rps big_p50 big_p99 big_err < <(median "${big_runs[@]}")
read -r create_rps create_p50 create_p99 create_err < <(median "${create_runs[@]}")
rss_mb=$(( $(rss_kb) / 1024 ))
stop_server
# A page's messages normally come from the JSON cache; without it every one is read in full and serialized, as on
# the first read of a page (one round: this row shows the cache's share, it is not a target).
echo "list from 1M room, JSON cache off..."
server_env=(Parley__Messages__JsonCacheSize=0)
start_server
read -r cold_rps cold_p50 cold_p99 cold_err < <(measure $connections bench/get.lua "http://127.0.0.1:$port/v1/messages?roomId=$big&max=50")
stop_server
created=$(sqlite3 "$data/db/parley.db" "select count(*) from messages")

pct() { python3 -c "print(f'{100*$1/$2:.0f}%')"; }
# A scenario's share of the ceiling: the median over the rounds of its requests/s over the same round's ceiling. The
# machine's speed drifts between rounds (one run's ceiling rounds were 62k, 50k and 36k requests/s), and a ceiling
# from another round would carry that drift into the share. One decimal, so that a share just under a 30% target
# does not print as 30%.
share() {
  local -n runs=$1
  local ratios=()
  for i in "${!runs[@]}"; do ratios+=("${runs[$i]%% *}/${base_runs[$i]%% *}"); done
  python3 -c "import statistics; print(f'{100 * statistics.median([${ratios[*]/%/,}]):.1f}%')"
}
# The 1M room's list against the 1k room's, within each round for the same reason: a median over the rounds.
list_difference() {
  local differences=()
  for i in "${!small_runs[@]}"; do differences+=("1 - ${big_runs[$i]%% *}/${small_runs[$i]%% *}"); done
  python3 -c "import statistics; print(f'{100 * statistics.median([${differences[*]/%/,}]):+.1f}%')"
}
cat >"$report" <<MD
# Parley benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)

$(nproc) cores, wrk -t$threads -c$connections -d${duration}s after a ${warmup} s warm-up, on the same machine; SQLite, WAL, synchronous=FULL (every 200 is on disk). Each figure is the median of three rounds; every round measures each scenario once, the ceiling included, and a share of the ceiling is the median of the rounds' shares of their own ceiling.

| scenario | requests/s | % of ceiling | p50 ms | p99 ms | non-2xx |
|---|---|---|---|---|---|
| bare ASP.NET Core endpoint (ceiling) | $base_rps | 100% | $base_p50 | $base_p99 | $base_err |
| POST /v1/messages (durable) | $create_rps | $(share create_runs) | $create_p50 | $create_p99 | $create_err |
| GET /v1/messages max=50, 1k room | $small_rps | $(share small_runs) | $small_p50 | $small_p99 | $small_err |
| GET /v1/messages max=50, 1M room | $big_rps | $(share big_runs) | $big_p50 | $big_p99 | $big_err |
| same, JSON cache off (one round) | $cold_rps | $(pct $cold_rps $base_rps) | $cold_p50 | $cold_p99 | $cold_err |

List cost, 1M room vs 1k room: $(list_difference) throughput difference (median of the rounds' differences)

Server memory (RSS) after the runs, $created messages stored: ${rss_mb} MB

All rounds (requests/s p50 p99 non-2xx): ceiling ${base_runs[*]/%/;} 1k ${small_runs[*]/%/;} 1M ${big_runs[*]/%/;} create ${create_runs[*]/%/;}
MD
cat "$report"
