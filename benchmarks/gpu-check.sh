#!/usr/bin/env bash
# GPU check for a machine with an NVIDIA GPU: the LeNet training benchmark (benchmarks/run.sh cpu-lenet, plain DL4J
# LeNet on Fashion-MNIST, Adam, float32) once on the CPU backend and once on the CUDA backend (-Pcuda: nd4j-cuda-11.6
# with cuDNN), in one script, then samples/s of each and the GPU/CPU ratio per batch size.
#
#   benchmarks/gpu-check.sh [--samples N] [--batches 64,256] [--data DIR]
#
# Needs: nvidia-smi and a CUDA 11.6-capable driver, Maven (the CUDA jars are fetched on the first run), the
# Fashion-MNIST IDX files (default /usr/share/datasets/fashion-mnist, or data/fashion-mnist).
# Exit codes: 0 both measured, 1 a run failed, 2 usage error, 3 no usable NVIDIA GPU on this machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prog=benchmarks/gpu-check.sh

samples=6000 batches=64,256 data=""
while [ $# -gt 0 ]; do
  case "$1" in
    --samples) samples=$2; shift 2 ;;
    --batches) batches=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "$prog: unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$data" ]; then
  if [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then data=/usr/share/datasets/fashion-mnist
  else data="$root/data/fashion-mnist"; fi
fi
[ -f "$data/train-images-idx3-ubyte.gz" ] || { echo "$prog: no Fashion-MNIST in $data (deploy/fetch-datasets.sh)" >&2; exit 2; }

smi=${DLSPARK_NVIDIA_SMI:-nvidia-smi}
if ! command -v "$smi" >/dev/null 2>&1; then
  echo "$prog: $smi not found: no NVIDIA driver on this machine, so there is no GPU to measure" >&2
  exit 3
fi
if ! gpus=$("$smi" --query-gpu=index,name,driver_version,memory.total --format=csv,noheader 2>&1) || [ -z "$gpus" ]; then
  echo "$prog: $smi lists no usable GPU: $gpus" >&2
  exit 3
fi
echo "# GPUs: $gpus"
threads=$(nproc)

cd "$root"
mvn -B -q -DskipTests install -pl dl-core -am >&2
mvn -B -q test-compile -pl dl-core >&2
cp_cpu="$root/dl-core/target/gpu-check-cpu.classpath"
cp_gpu="$root/dl-core/target/gpu-check-cuda.classpath"
mvn -B -q dependency:build-classpath -pl dl-core -Dmdep.includeScope=test -Dmdep.outputFile="$cp_cpu" >&2
mvn -B -q -Pcuda dependency:build-classpath -pl dl-core -Dmdep.includeScope=test -Dmdep.outputFile="$cp_gpu" >&2
grep -q 'nd4j-cuda' "$cp_gpu" || { echo "$prog: the -Pcuda classpath has no nd4j-cuda jar" >&2; exit 1; }

run() {  # <label> <classpath file> <platform extension>
  local classes="$root/dl-core/target/test-classes:$root/dl-core/target/classes:$(cat "$2")"
  java @"$root/conf/jvm.options" -Dorg.bytedeco.javacpp.platform.extension="$3" \
    -Dlog4j2.configurationFile="$root/conf/log4j2.properties" -cp "$classes" \
    io.dlspark.core.bench.LeNetCpuBenchmark --data "$data" --samples "$samples" --batches "$batches" \
    --threads "$threads" --workspaces ENABLED | tee "$root/dl-core/target/gpu-check-$1.txt" | sed "s/^/[$1] /"
}
run cpu "$cp_cpu" "-onednn-avx2"
run gpu "$cp_gpu" "-cudnn"

echo "# samples/s of the plain DL4J LeNet fit (im2col column), $samples samples, ND4J threads $threads"
echo "# batch       cpu        gpu   gpu/cpu"
join <(awk '!/^#/ {print $1, $5}' "$root/dl-core/target/gpu-check-cpu.txt" | sort) \
     <(awk '!/^#/ {print $1, $5}' "$root/dl-core/target/gpu-check-gpu.txt" | sort) |
  awk '{printf "%7d %10.0f %10.0f %9.2f\n", $1, $2, $3, $3 / $2}'
