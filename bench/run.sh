#!/usr/bin/env bash
# Benchmarks Parley in Release on a fresh SQLite data directory against a bare ASP.NET Core endpoint measured
# in the same run (the machine is shared and noisy, so only same-run ratios mean anything).
#   durable message create, 64 connections
#   list 50 messages from a room of 1k and from a room of 1M messages (and the latter once more without the JSON cache)
#   server memory (RSS) with 1M+ messages stored
# Every scenario first runs under load for WARMUP seconds (default 20): the JIT compiles hot paths in tiers, and on 2
# cores the first tens of seconds measure compilation rather than the server's steady state.
# Usage: [WARMUP=20] [ROUNDS=5] bench/run.sh [seconds per slice, default 10]   Results: bench/results/<timestamp>.md
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
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
  wrk -t$threads -c"$1" -d"${WARMUP_SECONDS:-$warmup}s" -s "$2" "$3" >/dev/null
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
ceiling_url="http://127.0.0.1:$base_port/v1/ping"
small_url="http://127.0.0.1:$port/v1/messages?roomId=$small&max=50"
big_url="http://127.0.0.1:$port/v1/messages?roomId=$big&max=50"
create_url="http://127.0.0.1:$port/v1/messages"

# The machine is shared: its speed drifts by tens of percent within a minute (one run's ceiling rounds were 62k, 50k
# and 36k requests/s). So the scenarios are measured in ROUNDS rounds of short slices, and every comparison is between
# neighbouring slices: a round runs the ceiling, the 1k room, the 1M room, the ceiling again and create, and the next
# round runs them in reverse order, so that no scenario always comes first. A share of the ceiling is the median over
# the rounds of a scenario's requests/s over its neighbouring ceiling slice's; the two rooms are compared with each
# other directly. A first warm-up of every scenario lets the JIT settle; each slice's own short warm-up reopens the
# connections and lets the thread pool grow back after the idle time.
rounds=${ROUNDS:-5}
slice_warmup=2
# The listing slices' URLs; create posts to $create_url.
declare -A list_url=([ceiling1]=$ceiling_url [ceiling2]=$ceiling_url [small]=$small_url [big]=$big_url)
echo "warm-up..."
for target in "$ceiling_url" "$small_url" "$big_url"; do
  wrk -t$threads -c$connections -d"${warmup}s" -s bench/get.lua "$target" >/dev/null
done
ROOM_ID=$write wrk -t$threads -c$connections -d"${warmup}s" -s bench/post_message.lua "$create_url" >/dev/null
# runs[slice] holds that slice's results, "requests/s p50 p99 non-2xx;" per round.
declare -A runs
order=(ceiling1 small big ceiling2 create)
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds..."
  slices=("${order[@]}")
  ((round % 2)) || mapfile -t slices < <(printf "%s\n" "${order[@]}" | tac)
  for slice in "${slices[@]}"; do
    if [[ $slice == create ]]; then
      result=$(ROOM_ID=$write WARMUP_SECONDS=$slice_warmup measure $connections bench/post_message.lua "$create_url")
    else
      result=$(WARMUP_SECONDS=$slice_warmup measure $connections bench/get.lua "${list_url[$slice]}")
    fi
    runs[$slice]+="$result;"
  done
done
kill $baseline_pid; wait $baseline_pid 2>/dev/null || true
# A slice's results over the rounds, one "requests/s p50 p99 non-2xx" per line.
results() { tr ';' '\n' <<<"${runs[$1]}" | sed '/^$/d'; }
# The line with the median requests/s.
median() { sort -n -k1,1 | awk '{ lines[NR] = $0 } END { print lines[int((NR + 1) / 2)] }'; }
read -r base_rps base_p50 base_p99 base_err < <({ results ceiling1; results ceiling2; } | median)
read -r small_rps small_p50 small_p99 small_err < <(results small | median)
read -r big_rps big_p50 big_p99 big_err < <(results big | median)
read -r create_rps create_p50 create_p99 create_err < <(results create | median)
rss_mb=$(( $(rss_kb) / 1024 ))
stop_server
# A page's messages normally come from the JSON cache; without it every one is read in full and serialized, as on
# the first read of a page (one run: this row shows the cache's share, it is not a target).
echo "list from 1M room, JSON cache off..."
server_env=(Parley__Messages__JsonCacheSize=0)
start_server
read -r cold_rps cold_p50 cold_p99 cold_err < <(measure $connections bench/get.lua "$big_url")
stop_server
created=$(sqlite3 "$data/db/parley.db" "select count(*) from messages")

pct() { python3 -c "print(f'{100*$1/$2:.0f}%')"; }
# The median over the rounds of one slice's requests/s over another's, in percent, with one decimal (so that a share
# just under a 30% target does not print as 30%).
median_ratio() {
  python3 - <(results "$1" | cut -d' ' -f1) <(results "$2" | cut -d' ' -f1) <<'PY'
import statistics, sys
a, b = ([float(line) for line in open(path)] for path in sys.argv[1:])
print(f"{100 * statistics.median(x / y for x, y in zip(a, b)):.1f}")
PY
}
share() { echo "$(median_ratio "$1" "$2")%"; }
# The 1M room's list against the 1k room's, as a throughput difference.
list_difference() { python3 -c "print(f'{100 - $(median_ratio big small):+.1f}%')"; }
cat >"$report" <<MD
# Parley benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)

$(nproc) cores, wrk -t$threads -c$connections on the same machine, after a ${warmup} s warm-up of every scenario; SQLite, WAL, synchronous=FULL (every 200 is on disk). $rounds rounds of ${duration} s slices (ceiling, 1k room, 1M room, ceiling, create, and the next round in reverse order); a share of the ceiling is the median over the rounds of a scenario's requests/s over its neighbouring ceiling slice's, and requests/s and latencies are those of the median slice.

| scenario | requests/s | % of ceiling | p50 ms | p99 ms | non-2xx |
|---|---|---|---|---|---|
| bare ASP.NET Core endpoint (ceiling) | $base_rps | 100% | $base_p50 | $base_p99 | $base_err |
| POST /v1/messages (durable) | $create_rps | $(share create ceiling2) | $create_p50 | $create_p99 | $create_err |
| GET /v1/messages max=50, 1k room | $small_rps | $(share small ceiling1) | $small_p50 | $small_p99 | $small_err |
| GET /v1/messages max=50, 1M room | $big_rps | $(share big ceiling2) | $big_p50 | $big_p99 | $big_err |
| same, JSON cache off (one run) | $cold_rps | $(pct $cold_rps $base_rps) | $cold_p50 | $cold_p99 | $cold_err |

List cost, 1M room vs 1k room: $(list_difference) throughput difference (the median over the rounds of their neighbouring slices)

Server memory (RSS) after the runs, $created messages stored: ${rss_mb} MB

All slices by round (requests/s p50 p99 non-2xx):
$(for slice in "${order[@]}"; do echo "* $slice: ${runs[$slice]}"; done)
MD
# A non-2xx response is easier to explain with the server's own warnings and errors at hand (its log goes with $data).
if grep -qE '^(warn|fail|crit):' "$data/server.log"; then
  { echo; echo "Server log, warnings and errors (first 100 lines):"; echo '```'
    grep -A4 -E '^(warn|fail|crit):' "$data/server.log" | head -100; echo '```'; } >>"$report"
fi
cat "$report"
