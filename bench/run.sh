#!/usr/bin/env bash
# Runs the Courtside benchmark. It builds what it needs and starts every server and load
# generator on 127.0.0.1. It runs the JMH microbenchmarks and six scenarios against
# Courtside, the Socket.IO 4 peer and the bare Vert.x broadcast, then writes
# docs/benchmarks.md with CSV files and charts beside it in docs/benchmarks/. Every process
# it starts is stopped by its id when it ends, also on error or Ctrl-C.
#
# Usage: bench/run.sh [--quick] [--skip-jmh] [--base-port N] [--scenarios LIST] [--stacks LIST]
#   --quick        smoke run: a few hundred connections, seconds per step, about 6 minutes;
#                  writes to bench/target/quick/ instead of docs/
#   --skip-jmh     keeps the JMH results of an earlier run (jmh.csv) instead of running JMH
#   --base-port N  first of the 40 consecutive ports the servers use (default 18100)
#   --scenarios L  runs only these, comma-separated: fanout, channels (with the storm),
#                  memory, coalesce, transports (default all); the report shows only them
#   --stacks L     runs only these, comma-separated: courtside, socketio, bare (default all)
#                  With either, the report goes to bench/target/partial/, not docs/.
#   --no-pin       lets servers and load generators share every CPU; by default, with 2 or
#                  more CPUs and taskset installed, each server under test runs on the first
#                  half of the CPUs and the load generators on the rest
#
# Needs a JDK 17 (java, jcmd) and Node.js 18 or later with npm.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

quick=false
skip_jmh=false
base_port=18100
filters=()
pin=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=true; shift ;;
    --skip-jmh) skip_jmh=true; shift ;;
    --base-port) base_port="$2"; shift 2 ;;
    --scenarios) filters+=(--scenarios "$2"); shift 2 ;;
    --stacks) filters+=(--stacks "$2"); shift 2 ;;
    --no-pin) pin=false; shift ;;
    *) echo "Unknown option '$1': expected --quick, --skip-jmh, --base-port N, --scenarios LIST," \
         "--stacks LIST or --no-pin" >&2; exit 2 ;;
  esac
done

for tool in java jcmd node npm ss; do
  if ! command -v "$tool" > /dev/null; then
    echo "Missing '$tool' on PATH: install it and run again" >&2
    exit 2
  fi
done

# Each server gets its own port, so no scenario waits for the TIME_WAIT sockets of another.
port_count=40
busy=$(ss -Htln | awk '{print $4}' | sed 's/.*://' \
  | awk -v low="$base_port" -v high="$((base_port + port_count - 1))" \
      '$1 >= low && $1 <= high' | sort -u | tr '\n' ' ')
if [[ -n "$busy" ]]; then
  echo "Ports in use in ${base_port}-$((base_port + port_count - 1)): ${busy}" >&2
  echo "Stop what listens there or pass --base-port N" >&2
  exit 2
fi

if [[ ${#filters[@]} -gt 0 ]]; then
  # A partial run never replaces the full report in docs/.
  report_dir="$repo/bench/target/partial"
  markdown="$report_dir/benchmarks.md"
  out_dir="$report_dir/benchmarks"
elif [[ "$quick" == true ]]; then
  report_dir="$repo/bench/target/quick"
  markdown="$report_dir/benchmarks.md"
  out_dir="$report_dir/benchmarks"
else
  markdown="$repo/docs/benchmarks.md"
  out_dir="$repo/docs/benchmarks"
fi
work_dir="$repo/bench/target/run"
rm -rf "$work_dir"
mkdir -p "$work_dir" "$out_dir"
pid_file="$work_dir/pids"
: > "$pid_file"
runner_pid=""

# Stops the runner and every process it recorded, by process id: SIGTERM, then SIGKILL.
stop_all() {
  local status=$?
  trap - EXIT INT TERM
  local pids=()
  if [[ -n "$runner_pid" ]]; then
    pids+=("$runner_pid")
  fi
  if [[ -f "$pid_file" ]]; then
    while read -r pid; do
      [[ -n "$pid" ]] && pids+=("$pid")
    done < "$pid_file"
  fi
  local alive=()
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2> /dev/null; then
      kill -TERM "$pid" 2> /dev/null || true
      alive+=("$pid")
    fi
  done
  if [[ ${#alive[@]} -gt 0 ]]; then
    sleep 3
    for pid in "${alive[@]}"; do
      if kill -0 "$pid" 2> /dev/null; then
        kill -KILL "$pid" 2> /dev/null || true
      fi
    done
    echo "bench stopped ${#alive[@]} leftover processes" >&2
  fi
  exit "$status"
}
trap stop_all EXIT INT TERM

echo "bench building courtside and the bench module"
./mvnw -q -Dbuild.dir=target-bench -DskipTests package
./mvnw -q -f bench/pom.xml -DskipTests package
if [[ ! -d bench/socketio/node_modules ]]; then
  (cd bench/socketio && npm ci --no-audit --no-fund --loglevel=error)
fi

server_cpus=""
load_cpus=""
cpus=$(nproc)
if [[ "$pin" == true && "$cpus" -ge 2 ]] && command -v taskset > /dev/null; then
  half=$((cpus / 2))
  server_cpus="0-$((half - 1))"
  load_cpus="${half}-$((cpus - 1))"
fi

classpath="$repo/bench/target/classes:$repo/bench/target/lib/*:$repo/target-bench/courtside.jar"
environment="$work_dir/environment.txt"
{
  echo "date:       $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cpu:        $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "memory:     $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "kernel:     $(uname -sr)"
  echo "java:       $(java -version 2>&1 | head -1)"
  echo "node:       $(node --version)"
  echo "socket.io:  $(node -p "require('$repo/bench/socketio/node_modules/socket.io/package.json').version")"
  echo "vert.x:     $(unzip -p target-bench/courtside.jar META-INF/vertx/vertx-version.txt 2> /dev/null || echo unknown)"
  echo "netty:      $(unzip -p target-bench/courtside.jar META-INF/io.netty.versions.properties 2> /dev/null \
    | grep -m1 'netty-common.version=' | cut -d= -f2 || echo unknown)"
  echo "open files: $(ulimit -n) per process"
  echo "pinning:    server CPUs ${server_cpus:-all}, load generator CPUs ${load_cpus:-all}"
  if git rev-parse --git-dir > /dev/null 2>&1; then
    echo "commit:     $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src bench \
      || echo ' (with uncommitted changes)')"
  else
    # An exported tree has no .git: BENCH_COMMIT names the commit it came from.
    echo "commit:     ${BENCH_COMMIT:-unknown} (exported tree)"
  fi
} > "$environment"
cat "$environment"

if [[ "$skip_jmh" == false ]]; then
  echo "bench running the JMH microbenchmarks"
  jmh_options=(-wi 2 -i 3)
  if [[ "$quick" == true ]]; then
    jmh_options=(-wi 1 -i 1 -w 1s -r 1s)
  fi
  # JMH runs each benchmark in a forked JVM, which ends with its parent.
  java -cp "$classpath" org.openjdk.jmh.Main "${jmh_options[@]}" -f 1 -rf csv \
    -rff "$out_dir/jmh.csv" 'dev\.courtside\.bench\.jmh\..*' > "$work_dir/jmh.log" 2>&1 &
  runner_pid=$!
  wait "$runner_pid"
  runner_pid=""
fi

java -Xmx512m -Djava.awt.headless=true -cp "$classpath" dev.courtside.bench.BenchRun \
  --courtside-jar "$repo/target-bench/courtside.jar" \
  --node-server "$repo/bench/socketio/server.js" \
  --classpath "$classpath" \
  --work-dir "$work_dir" --out-dir "$out_dir" --markdown "$markdown" \
  --pid-file "$pid_file" --base-port "$base_port" --clock-ticks "$(getconf CLK_TCK)" \
  --quick "$quick" --environment "$environment" --server-cpus "$server_cpus" \
  --load-cpus "$load_cpus" "${filters[@]}" &
runner_pid=$!
wait "$runner_pid"
