#!/usr/bin/env bash
# Spark GPU resource discovery script: prints the GPUs of this host as Spark expects,
#   {"name":"gpu","addresses":["0","1"]}
# Use it with:
#   spark.executor.resource.gpu.amount=1
#   spark.executor.resource.gpu.discoveryScript=<path of this file on the worker/executor hosts>
#   spark.task.resource.gpu.amount=1          (or 0.5 to let two tasks share one GPU on purpose)
#   standalone workers: spark.worker.resource.gpu.amount=N and spark.worker.resource.gpu.discoveryScript=...
# It asks nvidia-smi (NVIDIA driver) for the GPU indices. With no usable GPU it prints an error on stderr
# and exits 1, so that Spark refuses to start an executor that was promised a GPU.
#
# Environment: DLSPARK_NVIDIA_SMI  the nvidia-smi command to run (default: nvidia-smi; tests use a stub)
set -euo pipefail

case "${1:-}" in
  -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  '') ;;
  *) echo "usage: deploy/gpu-discovery.sh   (takes no arguments)" >&2; exit 2 ;;
esac

smi=${DLSPARK_NVIDIA_SMI:-nvidia-smi}
if ! command -v "$smi" >/dev/null 2>&1; then
  echo "gpu-discovery: $smi not found: no NVIDIA driver on this host, so no GPU to offer" >&2
  exit 1
fi
if ! out=$("$smi" --query-gpu=index --format=csv,noheader 2>&1); then
  echo "gpu-discovery: '$smi --query-gpu=index --format=csv,noheader' failed: $out" >&2
  exit 1
fi
addresses=()
while IFS= read -r line; do
  line=${line//[[:space:]]/}
  [ -n "$line" ] || continue
  if ! [[ "$line" =~ ^[0-9]+$ ]]; then
    echo "gpu-discovery: unexpected line from $smi: '$line'" >&2
    exit 1
  fi
  addresses+=("\"$line\"")
done <<<"$out"
if [ ${#addresses[@]} -eq 0 ]; then
  echo "gpu-discovery: $smi lists no GPU on this host" >&2
  exit 1
fi
joined=$(IFS=,; echo "${addresses[*]}")
echo "{\"name\":\"gpu\",\"addresses\":[$joined]}"
