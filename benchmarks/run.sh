#!/usr/bin/env bash
# Runs one dlspark benchmark by name, from the build, and prints what it measured.
#   benchmarks/run.sh <name> [benchmark options]
#   benchmarks/run.sh --list
# Benchmarks are main classes under <module>/src/test/java/**/bench/; they are never part of the test run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# name -> module:main class
declare -A BENCHES=(
  [cpu-lenet]="dl-core:io.dlspark.core.bench.LeNetCpuBenchmark"
  [cpu-lenet-levers]="dl-core:io.dlspark.core.bench.LeNetLeversBenchmark"
  [models]="dl-core:io.dlspark.core.bench.ModelsBenchmark"
  [augment-throughput]="augmentation:io.dlspark.augment.bench.AugmentThroughputBenchmark"
  [augment-accuracy]="spark-jobs:io.dlspark.bench.AugmentAccuracyBenchmark"
  [recipe]="spark-jobs:io.dlspark.bench.RecipeBenchmark"
  [pretrain]="spark-jobs:io.dlspark.bench.PretrainBenchmark"
  [memory]="spark-jobs:io.dlspark.bench.MemoryBenchmark"
  [detection]="spark-jobs:io.dlspark.bench.DetectionBenchmark"
  [ingest]="spark-jobs:io.dlspark.bench.IngestBenchmark"
  [training]="spark-jobs:io.dlspark.bench.TrainingBenchmark"
  [scaling]="spark-jobs:io.dlspark.bench.ScalingBenchmark"
  [scaling-model]="spark-jobs:io.dlspark.bench.ScalingModel"
  [exchange-precision]="spark-jobs:io.dlspark.bench.ExchangePrecisionBenchmark"
  [transfer]="spark-jobs:io.dlspark.bench.TransferBenchmark"
  [tuning-fashion-mlp]="spark-jobs:io.dlspark.bench.TuneFashionBenchmark"
  [generative]="spark-jobs:io.dlspark.bench.GenerativeBenchmark"
  [text]="spark-jobs:io.dlspark.bench.TextBenchmark"
  [finetune]="spark-jobs:io.dlspark.bench.FineTuneBenchmark"
  [library]="spark-jobs:io.dlspark.bench.LibraryBenchmark"
  [tuning-branin]="tuning:io.dlspark.tuning.bench.BraninBenchmark"
  [tuning-hartmann6]="tuning:io.dlspark.tuning.bench.Hartmann6Benchmark"
  [tuning-latency]="tuning:io.dlspark.tuning.bench.ProposalLatencyBenchmark"
)

usage() {
  echo "usage: benchmarks/run.sh <name> [options]   (names: ${!BENCHES[*]})" >&2
  exit 2
}
[ $# -ge 1 ] || usage
if [ "$1" = "--list" ]; then
  for name in "${!BENCHES[@]}"; do echo "$name -> ${BENCHES[$name]}"; done | sort
  exit 0
fi
entry=${BENCHES[$1]:-}
[ -n "$entry" ] || usage
shift
module=${entry%%:*}
main=${entry#*:}

cd "$root"
if [ "${DLSPARK_BENCH_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -q -DskipTests install -pl "$module" -am >&2
  mvn -B -q test-compile -pl "$module" >&2
fi
cpfile="$root/$module/target/bench.classpath"
mvn -B -q dependency:build-classpath -pl "$module" -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >&2
# This tree's compiled modules come first: the build-classpath names the installed jars of the sibling modules, which
# may be another tree's (DLSPARK_BENCH_SKIP_BUILD=1 once ran dl-core code older than the tree being measured).
cp="$root/$module/target/test-classes:$root/$module/target/classes"
for sibling in dl-core augmentation tuning; do
  if [ "$sibling" != "$module" ] && [ -d "$root/$sibling/target/classes" ]; then
    cp="$cp:$root/$sibling/target/classes:$root/$sibling/target/test-classes"
  fi
done
cp="$cp:$(cat "$cpfile")"
if [ "$main" = io.dlspark.bench.FineTuneBenchmark ]; then
  # pretraining then a dozen jobs in one JVM: glibc must hand freed memory back, or JavaCPP's resident-memory
  # ceiling fails the job after the pretraining (docs/operations.md section 5, "Transformer encoders")
  export MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-131072} MALLOC_TRIM_THRESHOLD_=${MALLOC_TRIM_THRESHOLD_:-131072}
fi
exec java @"$root/conf/jvm.options" ${DLSPARK_BENCH_JAVA_OPTS:-} \
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$cp" "$main" "$@"
