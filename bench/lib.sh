# Shared by the benchmark scripts: a Release build of the server started on a fresh data directory.
# The caller sets port, and may set server_env (extra NAME=value settings). Provides: out (the results directory),
# data (a temporary directory the caller removes), token (the administrator's), publish_server, start_server,
# stop_server, rss_kb; server_pid is the running server.
out=bench/results
mkdir -p "$out"
data=$(mktemp -d)
token="benchbenchbenchbenchbenchbenchbenchbenchbenchbenchbenchbench1234_PF84_00000000-0000-0000-0000-0000000000be"
server_pid=""
server_env=()

publish_server() {
  echo "building Release..."
  dotnet publish src/Parley.Server -c Release -o "$data/server" --nologo -v quiet >/dev/null
}

# Starts the server on $data/db (kept between starts unless the caller removes it) and waits until it answers. Only
# the per-token rate limit is turned off (it would answer most of the load with 429); logging is the server's default.
start_server() {
  env Parley__DataDirectory="$data/db" Parley__Bootstrap__AdminToken="$token" Parley__RateLimit__PermitLimit=0 \
    ASPNETCORE_ENVIRONMENT=Production "${server_env[@]}" \
    "$data/server/Parley.Server" --urls "http://127.0.0.1:$port" >>"$data/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 60); do
    kill -0 "$server_pid" 2>/dev/null || { echo "server exited"; cat "$data/server.log"; exit 1; }
    curl -sf -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/people/me" && return
    sleep 0.5
  done
  echo "server did not start"; cat "$data/server.log"; exit 1
}

stop_server() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""; }

# The server's resident memory, in KB.
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$server_pid/status"; }
