#!/usr/bin/env bash
# A Spark standalone cluster on 127.0.0.1 made of the project's own Spark jars (no Spark download).
#
#   deploy/local-cluster.sh start [--workers N] [--cores-per-worker C] [--memory-per-worker M]
#   deploy/local-cluster.sh stop
#   deploy/local-cluster.sh status
#
# start   starts org.apache.spark.deploy.master.Master and N org.apache.spark.deploy.worker.Worker JVMs
#         (default 2 workers, 1 core and 3g each) from spark-jobs/target/spark-home/jars (built when
#         missing), bound to 127.0.0.1 only; waits until all workers have registered with the master
#         (polling the master's /json/ page) and prints the master URL on stdout. Calling start while the
#         same cluster runs prints the URL again and exits 0.
# stop    stops the workers (and their executors) and the master, and waits for them to exit. Safe to
#         call when nothing runs.
# status  prints the state; exit 0 when the master and all workers run, 3 otherwise.
#
# Ports (127.0.0.1; override with the environment):
#   DLSPARK_MASTER_PORT        master RPC port        (default 7077)
#   DLSPARK_MASTER_WEBUI_PORT  master web UI and JSON (default 8080)
#   DLSPARK_WORKER_WEBUI_PORT  first worker's web UI  (default 8081; worker i uses 8081+i-1)
#   worker RPC ports are picked free by the JVMs.
# Other environment:
#   DLSPARK_CLUSTER_DIR        state folder: pid files, logs, worker and local dirs
#                              (default <project>/target/local-cluster)
#   DLSPARK_DAEMON_MEMORY      heap of the master and worker daemons (default 512m)
#   DLSPARK_DAEMON_JAVA_OPTS   more JVM options for the master and worker daemons
#   DLSPARK_CLUSTER_TIMEOUT    seconds to wait for the workers to register (default 90)
#   JAVA_HOME                  the JDK to use (default: java on PATH); executors use it too
#
# Executors are launched by the workers with SPARK_HOME=spark-jobs/target/spark-home and
# SPARK_SCALA_VERSION=2.13; their JVM options come from the application (deploy/submit.sh passes
# conf/jvm.options as spark.executor.extraJavaOptions).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prog=deploy/local-cluster.sh
spark_home="$root/spark-jobs/target/spark-home"
jvmopts="$root/conf/jvm.options"
state=${DLSPARK_CLUSTER_DIR:-$root/target/local-cluster}
host=127.0.0.1
master_port=${DLSPARK_MASTER_PORT:-7077}
master_ui=${DLSPARK_MASTER_WEBUI_PORT:-8080}
worker_ui=${DLSPARK_WORKER_WEBUI_PORT:-8081}
daemon_mem=${DLSPARK_DAEMON_MEMORY:-512m}
timeout=${DLSPARK_CLUSTER_TIMEOUT:-90}

usage() {
  cat <<EOF
usage: $prog start [--workers N] [--cores-per-worker C] [--memory-per-worker M]
       $prog stop
       $prog status

Spark standalone master and workers on $host from the project's Spark jars.
  --workers N              number of workers (default 2)
  --cores-per-worker C     cores each worker offers (default 1)
  --memory-per-worker M    memory each worker offers to executors, e.g. 3g, 2048m (default 3g)
Master spark://$host:$master_port (DLSPARK_MASTER_PORT), web UI http://$host:$master_ui (DLSPARK_MASTER_WEBUI_PORT).
State, pid files and logs: $state (DLSPARK_CLUSTER_DIR).
Exit codes: 0 ok (status: running), 1 failure, 2 usage error, 3 status: not running.
EOF
}
bad_usage() { echo "$prog: $*" >&2; usage >&2; exit 2; }
fail() { echo "$prog: ERROR: $*" >&2; exit 1; }

[ $# -ge 1 ] || bad_usage "missing command (start, stop or status)"
cmd=$1; shift
case "$cmd" in
  -h|--help|help) usage; exit 0 ;;
  start|stop|status) ;;
  *) bad_usage "unknown command '$cmd'" ;;
esac

workers=2 cores=1 memory=3g
while [ $# -gt 0 ]; do
  [ "$cmd" = start ] || bad_usage "'$cmd' takes no options (got '$1')"
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --workers|--cores-per-worker|--memory-per-worker)
      if [ $# -lt 2 ]; then bad_usage "$1 needs a value"; fi
      case "$1" in
        --workers) workers=$2 ;;
        --cores-per-worker) cores=$2 ;;
        --memory-per-worker) memory=$2 ;;
      esac
      shift 2 ;;
    --workers=*) workers=${1#*=}; shift ;;
    --cores-per-worker=*) cores=${1#*=}; shift ;;
    --memory-per-worker=*) memory=${1#*=}; shift ;;
    *) bad_usage "unknown option '$1'" ;;
  esac
done
[[ "$workers" =~ ^[1-9][0-9]*$ ]] || bad_usage "--workers must be a positive integer (got '$workers')"
[[ "$cores" =~ ^[1-9][0-9]*$ ]] || bad_usage "--cores-per-worker must be a positive integer (got '$cores')"
[[ "$memory" =~ ^[1-9][0-9]*[mMgG]$ ]] || bad_usage "--memory-per-worker must look like 3g or 2048m (got '$memory')"
for p in master_port master_ui worker_ui; do
  if ! [[ "${!p}" =~ ^[1-9][0-9]*$ ]] || [ "${!p}" -ge 65536 ]; then fail "invalid port $p=${!p}"; fi
done

if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=$(command -v java || true); fi
master_url="spark://$host:$master_port"
json_url="http://$host:$master_ui/json/"

# ---------------------------------------------------------------- helpers
# True when pid $1 is alive and its command line contains $2 (guards against reused pids).
pid_is() {
  local pid=$1 what=$2
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$what"
}
daemon_pids() {  # lines: <pidfile> <pid> <class>
  local f pid class
  for f in "$state"/master.pid "$state"/worker-*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f" 2>/dev/null || true)
    case "$(basename "$f")" in master.pid) class=org.apache.spark.deploy.master.Master ;; *) class=org.apache.spark.deploy.worker.Worker ;; esac
    echo "$f ${pid:-0} $class"
  done
}
port_in_use() { (exec 3<>"/dev/tcp/$host/$1") 2>/dev/null; }
master_json() { curl -fsS --max-time 3 "$json_url" 2>/dev/null; }
# Extracts a numeric or string field from the master's JSON without needing jq.
json_field() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" | head -n 1; }
cluster_env() { [ -f "$state/cluster.env" ] && cat "$state/cluster.env"; }

running_summary() {  # prints per-daemon state; returns 0 when every recorded daemon is alive
  local all=0 f pid class any=0
  while read -r f pid class; do
    any=1
    if pid_is "$pid" "$class"; then echo "  $(basename "$f" .pid): running (pid $pid)"
    else echo "  $(basename "$f" .pid): not running (stale pid file, pid $pid)"; all=1; fi
  done < <(daemon_pids)
  [ $any = 1 ] || return 1
  return $all
}

# ---------------------------------------------------------------- stop
do_stop() {
  local f pid class stopped=() waited=0 alive
  if [ ! -d "$state" ] || [ -z "$(daemon_pids)" ]; then
    echo "local cluster: nothing to stop (no pid files in $state)"
    return 0
  fi
  # Workers first (their shutdown also ends their executors), then the master. Each daemon was started
  # as the leader of its own process group, so the group signal reaches executors it launched too.
  while read -r f pid class; do
    if pid_is "$pid" "$class"; then
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      stopped+=("$pid")
    fi
  done < <(daemon_pids | sort -r)   # worker-*.pid sort after master.pid; reversed: workers first
  while :; do
    alive=()
    for pid in "${stopped[@]}"; do kill -0 "$pid" 2>/dev/null && alive+=("$pid"); done
    [ ${#alive[@]} -eq 0 ] && break
    if [ $waited -ge 30 ]; then
      echo "local cluster: ${alive[*]} still running after 15 s, sending SIGKILL" >&2
      for pid in "${alive[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done
      sleep 1
      break
    fi
    sleep 0.5; waited=$((waited + 1))
  done
  rm -f "$state"/master.pid "$state"/worker-*.pid "$state/cluster.env"
  echo "local cluster: stopped (${#stopped[@]} daemons)"
}

# ---------------------------------------------------------------- status
do_status() {
  local summary json alive status url
  if [ -z "$(daemon_pids 2>/dev/null)" ]; then
    echo "local cluster: not running (no pid files in $state)"
    return 3
  fi
  if summary=$(running_summary); then
    json=$(master_json || true)
    alive=$(printf '%s' "$json" | json_field aliveworkers)
    status=$(printf '%s' "$json" | json_field status)
    url=$(cluster_env | sed -n 's/^MASTER_URL=//p')
    echo "local cluster: running"
    echo "  master URL: ${url:-$master_url}   web UI: http://$host:$(cluster_env | sed -n 's/^MASTER_WEBUI_PORT=//p')"
    echo "  master status: ${status:-unknown}; alive workers: ${alive:-unknown}"
    echo "$summary"
    echo "  logs: $state/logs"
    return 0
  fi
  echo "local cluster: not running or degraded"
  echo "$summary"
  echo "  logs: $state/logs   (run '$prog stop' to clean up)"
  return 3
}

# ---------------------------------------------------------------- start
start_daemon() {  # name class args...
  local name=$1 class=$2; shift 2
  local log="$state/logs/$name.log"
  # setsid: each daemon leads its own process group, so that stop can end it with its executors.
  # shellcheck disable=SC2086 # DLSPARK_DAEMON_JAVA_OPTS is a list of options
  SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=$host \
  SPARK_LOCAL_DIRS="$state/local" SPARK_LOG_DIR="$state/logs" SPARK_PID_DIR="$state" \
    setsid "$java" @"$jvmopts" -Xmx"$daemon_mem" ${DLSPARK_DAEMON_JAVA_OPTS:-} \
      -cp "$spark_home/jars/*" "$class" "$@" </dev/null >"$log" 2>&1 &
  echo $! >"$state/$name.pid"
}

do_start() {
  local i json alive deadline port f pid class wanted
  [ -x "${java:-}" ] || fail "no java: set JAVA_HOME or put Java 17 on PATH"
  command -v curl >/dev/null || fail "curl is needed to poll the master's web UI (apt-get install curl)"
  command -v setsid >/dev/null || fail "setsid (util-linux) is needed"
  [ -f "$jvmopts" ] || fail "missing $jvmopts"

  if [ -n "$(daemon_pids 2>/dev/null)" ]; then
    if running_summary >/dev/null; then
      wanted="WORKERS=$workers CORES=$cores MEMORY=$memory"
      if cluster_env | grep -qx "SHAPE=$wanted"; then
        echo "local cluster: already running" >&2
        cluster_env | sed -n 's/^MASTER_URL=//p'
        return 0
      fi
      fail "a local cluster with another shape is running ($(cluster_env | sed -n 's/^SHAPE=//p')); run '$prog stop' first"
    fi
    echo "local cluster: cleaning up a half-running cluster first" >&2
    do_stop >&2
  fi

  if ! compgen -G "$spark_home/jars/spark-core_*.jar" >/dev/null; then
    echo "local cluster: $spark_home/jars missing; building the project (mvn -B -q -DskipTests install)" >&2
    (cd "$root" && mvn -B -q -DskipTests install >&2) || fail "the build failed (see above)"
  fi
  for port in "$master_port" "$master_ui" $(seq "$worker_ui" $((worker_ui + workers - 1))); do
    if port_in_use "$port"; then
      fail "port $host:$port is already in use (another Spark or program?). Choose others with" \
           "DLSPARK_MASTER_PORT, DLSPARK_MASTER_WEBUI_PORT, DLSPARK_WORKER_WEBUI_PORT."
    fi
  done

  mkdir -p "$state/logs" "$state/local"
  start_daemon master org.apache.spark.deploy.master.Master \
    --host "$host" --port "$master_port" --webui-port "$master_ui"
  for i in $(seq 1 "$workers"); do
    mkdir -p "$state/work-$i"
    start_daemon "worker-$i" org.apache.spark.deploy.worker.Worker \
      --host "$host" --port 0 --webui-port $((worker_ui + i - 1)) \
      --cores "$cores" --memory "$memory" --work-dir "$state/work-$i" "$master_url"
  done
  {
    echo "MASTER_URL=$master_url"
    echo "MASTER_WEBUI_PORT=$master_ui"
    echo "SHAPE=WORKERS=$workers CORES=$cores MEMORY=$memory"
  } >"$state/cluster.env"

  echo "local cluster: started master and $workers workers ($cores cores, $memory each); waiting for registration at $json_url" >&2
  deadline=$((SECONDS + timeout))
  while :; do
    json=$(master_json || true)
    alive=$(printf '%s' "$json" | json_field aliveworkers)
    [ "${alive:-0}" = "$workers" ] && break
    while read -r f pid class; do
      if ! pid_is "$pid" "$class"; then
        echo "$prog: ERROR: $(basename "$f" .pid) exited during start-up; last lines of $state/logs/$(basename "$f" .pid).log:" >&2
        tail -n 15 "$state/logs/$(basename "$f" .pid).log" >&2 || true
        do_stop >&2
        exit 1
      fi
    done < <(daemon_pids)
    if [ $SECONDS -ge $deadline ]; then
      echo "$prog: ERROR: only ${alive:-0} of $workers workers registered within ${timeout}s (DLSPARK_CLUSTER_TIMEOUT)." >&2
      echo "  See the logs: $state/logs/master.log and $state/logs/worker-*.log" >&2
      do_stop >&2
      exit 1
    fi
    sleep 1
  done
  echo "local cluster: $workers workers registered; web UI http://$host:$master_ui" >&2
  echo "$master_url"
}

case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
esac
