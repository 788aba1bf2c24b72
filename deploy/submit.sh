#!/usr/bin/env bash
# Runs a dlspark subcommand through spark-submit, on a cluster or locally.
#
#   deploy/submit.sh [--master URL] [--deploy-mode client|cluster] [--dry-run] [--] <subcommand> [options]
#
#   deploy/submit.sh --master spark://127.0.0.1:7077 ingest --dataset fashion-mnist --input ... --output ...
#   deploy/submit.sh --master spark://127.0.0.1:7077 help ingest      (the CLI's help, run through the cluster)
#   DLSPARK_MASTER=yarn deploy/submit.sh ingest ...
#
# What it passes to spark-submit:
#   --master          the leading --master option, else DLSPARK_MASTER, else local[*]
#                     (local[...], spark://host:port, yarn, k8s://https://host:port)
#   --deploy-mode     the leading --deploy-mode option, else DLSPARK_DEPLOY_MODE, else client
#   --class io.dlspark.cli.DlsparkCli and the shaded jar spark-jobs/target/dlspark-jobs.jar (DLSPARK_JAR)
#   --properties-file conf/spark-defaults.conf (DLSPARK_PROPERTIES)
#   --conf spark.driver.extraJavaOptions / spark.executor.extraJavaOptions: the lines of conf/jvm.options
#                     joined with spaces (add-opens, ND4J off-heap limits), then -Dlog4j2.configurationFile,
#                     then DLSPARK_DRIVER_JAVA_OPTS / DLSPARK_EXECUTOR_JAVA_OPTS (later -D options win)
#   --files conf/log4j2.properties (executors on YARN get it in their working directory)
#   DLSPARK_SUBMIT_OPTS, split on spaces: any other spark-submit options, e.g.
#                     "--executor-memory 4g --num-executors 4 --executor-cores 2 --conf spark.x=y"
#   then the subcommand and its options, unchanged, for the CLI (no --master: the CLI takes spark.master
#   from spark-submit).
#
# Which spark-submit: $SPARK_HOME/bin/spark-submit when SPARK_HOME is set and has it (a Spark 4.2 / Scala
# 2.13 distribution; required for YARN and Kubernetes). Otherwise the project's own Spark jars
# (spark-jobs/target/spark-home/jars) run org.apache.spark.deploy.SparkSubmit in a JVM started here with
# conf/jvm.options; that covers local[...] and standalone spark:// masters.
#
# Other environment:
#   DLSPARK_DRIVER_MEMORY      driver heap (-Xmx, or --driver-memory with bin/spark-submit)
#   DLSPARK_EXECUTOR_LOG4J     the executors' log4j2 configuration file. Default: the absolute path of
#                              conf/log4j2.properties for local and loopback masters, else log4j2.properties
#                              (the copy --files puts in the container's working directory on YARN; on
#                              Kubernetes, bake conf/ into the image and point here)
#   JAVA_HOME                  the JDK for the JVM started here
#
# The exit code is the CLI's (0 success, 1 job failure, 2 usage error); 2 also for this script's usage errors.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prog=deploy/submit.sh
main_class=io.dlspark.cli.DlsparkCli
jvmopts="$root/conf/jvm.options"
log4j="$root/conf/log4j2.properties"
props=${DLSPARK_PROPERTIES:-$root/conf/spark-defaults.conf}
own_spark_home="$root/spark-jobs/target/spark-home"

usage() {
  cat <<EOF
usage: $prog [--master URL] [--deploy-mode client|cluster] [--dry-run] [--] <subcommand> [options]

Runs 'dlspark <subcommand> [options]' through spark-submit with the shaded jar, conf/spark-defaults.conf,
the JVM options of conf/jvm.options (driver and executors) and conf/log4j2.properties.
  --master URL       local[N], spark://host:port, yarn or k8s://https://host:port
                     (default: \$DLSPARK_MASTER, else local[*])
  --deploy-mode M    client (default, or \$DLSPARK_DEPLOY_MODE) or cluster
  --dry-run          print the spark-submit command instead of running it
  --                 end of these options (what follows is the subcommand)
Environment: DLSPARK_SUBMIT_OPTS (more spark-submit options, e.g. "--executor-memory 4g --num-executors 4"),
DLSPARK_DRIVER_JAVA_OPTS, DLSPARK_EXECUTOR_JAVA_OPTS, DLSPARK_DRIVER_MEMORY, DLSPARK_JAR, DLSPARK_PROPERTIES,
DLSPARK_EXECUTOR_LOG4J, SPARK_HOME (a Spark 4.2 distribution; needed for yarn and k8s), JAVA_HOME.
The CLI's own help: $prog help   or   $prog <subcommand> --help
EOF
}
bad_usage() { echo "$prog: $*" >&2; usage >&2; exit 2; }
fail() { echo "$prog: ERROR: $*" >&2; exit 2; }

master=${DLSPARK_MASTER:-}
mode=${DLSPARK_DEPLOY_MODE:-client}
dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --master) if [ $# -lt 2 ] || [ -z "$2" ]; then bad_usage "--master needs a URL"; fi; master=$2; shift 2 ;;
    --master=*) master=${1#*=}; shift ;;
    --deploy-mode) if [ $# -lt 2 ]; then bad_usage "--deploy-mode needs client or cluster"; fi; mode=$2; shift 2 ;;
    --deploy-mode=*) mode=${1#*=}; shift ;;
    --dry-run) dry_run=1; shift ;;
    --) shift; break ;;
    -*) bad_usage "unknown option '$1' (options for the subcommand go after it)" ;;
    *) break ;;
  esac
done
[ $# -ge 1 ] || bad_usage "missing subcommand (try: $prog help)"
master=${master:-local[*]}
case "$mode" in client|cluster) ;; *) bad_usage "--deploy-mode must be client or cluster (got '$mode')" ;; esac

loopback=0
case "$master" in
  local|local\[*\]) loopback=1; kind=local ;;
  spark://127.*|spark://localhost:*|spark://localhost) loopback=1; kind=standalone ;;
  spark://?*) kind=standalone ;;
  yarn) kind=yarn ;;
  k8s://?*) kind=k8s ;;
  *) bad_usage "unsupported master '$master' (local[N], spark://host:port, yarn or k8s://https://host:port)" ;;
esac
[ "$kind" != local ] || [ "$mode" = client ] || bad_usage "local masters run in client mode only"

use_spark_home=0
if [ -n "${SPARK_HOME:-}" ] && [ -x "$SPARK_HOME/bin/spark-submit" ]; then use_spark_home=1; fi
if [ $use_spark_home = 0 ] && { [ "$kind" = yarn ] || [ "$kind" = k8s ]; }; then
  fail "master '$master' needs a Spark 4.2 (Scala 2.13) distribution: set SPARK_HOME to one that has" \
       "bin/spark-submit${SPARK_HOME:+ (SPARK_HOME=$SPARK_HOME has none)}. The project's own Spark jars have no" \
       "YARN or Kubernetes support."
fi

# Builds the project when a build output is missing (never in --dry-run).
build() {
  if [ $dry_run = 1 ]; then echo "$prog: (dry run) $1 missing; a real run would build the project first" >&2; return 0; fi
  echo "$prog: $1 missing; building the project first (mvn -B -q -DskipTests install in $root)" >&2
  (cd "$root" && mvn -B -q -DskipTests install >&2) || { echo "$prog: the build failed (see above)" >&2; exit 1; }
}

# The JVM options of conf/jvm.options, one per line, joined with spaces.
[ -f "$jvmopts" ] || fail "missing $jvmopts"
jvm=()
n=0
while IFS= read -r line || [ -n "$line" ]; do
  n=$((n + 1))
  line="${line#"${line%%[![:space:]]*}"}"
  line="${line%"${line##*[![:space:]]}"}"
  case "$line" in ''|'#'*) continue ;; esac
  case "$line" in *[[:space:]]*) fail "$jvmopts line $n has whitespace inside one option ('$line'); spark.*.extraJavaOptions cannot carry it" ;; esac
  jvm+=("$line")
done <"$jvmopts"
[ -f "$log4j" ] || fail "missing $log4j"
[ -f "$props" ] || fail "missing Spark defaults file $props"

if [ -n "${DLSPARK_EXECUTOR_LOG4J:-}" ]; then exec_log4j=$DLSPARK_EXECUTOR_LOG4J
elif [ $loopback = 1 ]; then exec_log4j=$log4j
else exec_log4j=log4j2.properties; fi
if [ "$mode" = cluster ]; then driver_log4j=$exec_log4j; else driver_log4j=$log4j; fi
driver_opts="${jvm[*]} -Dlog4j2.configurationFile=$driver_log4j${DLSPARK_DRIVER_JAVA_OPTS:+ $DLSPARK_DRIVER_JAVA_OPTS}"
executor_opts="${jvm[*]} -Dlog4j2.configurationFile=$exec_log4j${DLSPARK_EXECUTOR_JAVA_OPTS:+ $DLSPARK_EXECUTOR_JAVA_OPTS}"

# The shaded jar: built when it is the project's own and missing. Remote or local:// URIs are passed as given.
jar=${DLSPARK_JAR:-$root/spark-jobs/target/dlspark-jobs.jar}
case "$jar" in
  *://*|local:*) ;;
  *)
    if [ ! -f "$jar" ]; then
      if [ -n "${DLSPARK_JAR:-}" ]; then fail "DLSPARK_JAR=$jar does not exist"; fi
      build "$jar"
    fi ;;
esac

# Memory sizing check where the container limit is enforced (YARN, Kubernetes): ND4J's off-heap ceiling
# for the executors against spark.executor.memoryOverhead.
to_mib() {  # 4G, 1536m, 2g, 4294967296 -> MiB
  local v=${1,,}
  case "$v" in
    *t) echo $(( ${v%t} * 1024 * 1024 )) ;; *g) echo $(( ${v%g} * 1024 )) ;;
    *m) echo "${v%m}" ;; *k) echo $(( ${v%k} / 1024 )) ;;
    *[!0-9]*|'') echo "" ;; *) echo $(( v / 1048576 )) ;;
  esac
}
if [ "$kind" = yarn ] || [ "$kind" = k8s ]; then
  maxbytes=""; overhead=""
  for o in "${jvm[@]}" ${DLSPARK_EXECUTOR_JAVA_OPTS:-}; do
    case "$o" in -Dorg.bytedeco.javacpp.maxbytes=*) maxbytes=${o#*=} ;; esac
  done
  overhead=$(sed -n 's/^[[:space:]]*spark\.executor\.memoryOverhead[[:space:]=:]\{1,\}\([^[:space:]]*\).*/\1/p' "$props" | tail -n 1)
  for o in ${DLSPARK_SUBMIT_OPTS:-}; do
    case "$o" in spark.executor.memoryOverhead=*) overhead=${o#*=} ;; esac
  done
  mb=$(to_mib "${maxbytes:-0}"); oh=$(to_mib "${overhead:-384m}")
  if [ -n "$mb" ] && [ -n "$oh" ] && [ "$mb" -gt 0 ] && [ $((mb + 384)) -gt "$oh" ]; then
    echo "$prog: WARNING: executors may use up to ${maxbytes} off-heap (org.bytedeco.javacpp.maxbytes) but" \
         "spark.executor.memoryOverhead is ${overhead:-the default}: the container can be killed before ND4J" \
         "reports an OutOfMemoryError. Raise the overhead (DLSPARK_SUBMIT_OPTS=\"--conf spark.executor.memoryOverhead=...\")" \
         "or lower maxbytes (DLSPARK_EXECUTOR_JAVA_OPTS=\"-Dorg.bytedeco.javacpp.maxbytes=...\"). See docs/operations.md." >&2
  fi
fi

# Which spark-submit.
env_vars=()
if [ $use_spark_home = 1 ]; then
  submit=("$SPARK_HOME/bin/spark-submit")
  [ -z "${DLSPARK_DRIVER_MEMORY:-}" ] || submit+=(--driver-memory "$DLSPARK_DRIVER_MEMORY")
else
  if ! compgen -G "$own_spark_home/jars/spark-core_*.jar" >/dev/null; then build "$own_spark_home/jars"; fi
  if [ -n "${JAVA_HOME:-}" ]; then java="$JAVA_HOME/bin/java"; else java=$(command -v java) || fail "no java: set JAVA_HOME"; fi
  # The driver runs in this JVM in client mode: it gets the same options as the executors here.
  submit=("$java" @"$jvmopts" -Dlog4j2.configurationFile="$log4j")
  [ -z "${DLSPARK_DRIVER_MEMORY:-}" ] || submit+=("-Xmx$DLSPARK_DRIVER_MEMORY")
  # shellcheck disable=SC2206 # a list of JVM options
  submit+=(${DLSPARK_DRIVER_JAVA_OPTS:-} -cp "$own_spark_home/jars/*" org.apache.spark.deploy.SparkSubmit)
  env_vars+=("SPARK_HOME=$own_spark_home" "SPARK_SCALA_VERSION=2.13")
fi
# Loopback masters: the driver binds to 127.0.0.1, so that executors reach it without other interfaces.
if [ $loopback = 1 ] && [ -z "${SPARK_LOCAL_IP:-}" ]; then env_vars+=("SPARK_LOCAL_IP=127.0.0.1"); fi

args=(--master "$master" --deploy-mode "$mode" --class "$main_class" --name "dlspark $1"
  --properties-file "$props"
  --conf "spark.driver.extraJavaOptions=$driver_opts"
  --conf "spark.executor.extraJavaOptions=$executor_opts"
  --files "$log4j")
# shellcheck disable=SC2206 # DLSPARK_SUBMIT_OPTS is a list of spark-submit options
args+=(${DLSPARK_SUBMIT_OPTS:-})
args+=("$jar" "$@")

if [ $dry_run = 1 ]; then
  # shellcheck source=bin/redact.sh
  . "$root/bin/redact.sh"
  dlspark_redacted_command ${env_vars[@]+"${env_vars[@]}"} "${submit[@]}" "${args[@]}"
  exit 0
fi
exec env ${env_vars[@]+"${env_vars[@]}"} "${submit[@]}" "${args[@]}"
