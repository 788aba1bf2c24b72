#!/usr/bin/env bash
# Builds the dlspark Spark-on-Kubernetes image (deploy/docker/Dockerfile).
#
#   SPARK_DIST=<unpacked spark-4.2.0-bin-hadoop3> deploy/docker/build.sh [--cuda] [--no-maven] <image:tag>
#
# --cuda      the GPU variant: builds the jar with mvn -Pcuda and uses a CUDA 11.6 + cuDNN 8 runtime base image
# --no-maven  use the jar already in spark-jobs/target (it must match the variant)
# Environment: SPARK_DIST (required: a Spark 4.2 / Scala 2.13 distribution with kubernetes/dockerfiles/spark/),
#              BASE_IMAGE (override the base image), DOCKER (default: docker).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
prog=deploy/docker/build.sh
cuda=0 maven=1 tag=""
while [ $# -gt 0 ]; do
  case "$1" in
    --cuda) cuda=1; shift ;;
    --no-maven) maven=0; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "$prog: unknown option $1" >&2; exit 2 ;;
    *) tag=$1; shift ;;
  esac
done
[ -n "$tag" ] || { echo "$prog: missing <image:tag>" >&2; exit 2; }
[ -n "${SPARK_DIST:-}" ] || { echo "$prog: set SPARK_DIST to an unpacked Spark 4.2 (Scala 2.13) distribution" >&2; exit 2; }
[ -f "$SPARK_DIST/kubernetes/dockerfiles/spark/entrypoint.sh" ] || {
  echo "$prog: $SPARK_DIST has no kubernetes/dockerfiles/spark/entrypoint.sh (not a Spark distribution?)" >&2; exit 2; }
compgen -G "$SPARK_DIST/jars/spark-core_2.13-4.2.*.jar" >/dev/null || {
  echo "$prog: $SPARK_DIST/jars has no spark-core_2.13-4.2.x jar: dlspark needs Spark 4.2 built for Scala 2.13" >&2; exit 2; }

if [ $maven = 1 ]; then
  profile=(); [ $cuda = 0 ] || profile=(-Pcuda)
  (cd "$root" && mvn -B -q "${profile[@]}" -DskipTests package -pl spark-jobs -am)
fi
jar="$root/spark-jobs/target/dlspark-jobs.jar"
[ -f "$jar" ] || { echo "$prog: $jar missing" >&2; exit 1; }

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/dlspark/deploy"
cp -a "$SPARK_DIST" "$context/spark"
cp "$jar" "$context/dlspark/dlspark-jobs.jar"
cp -a "$root/conf" "$context/dlspark/conf"
cp "$root/deploy/gpu-discovery.sh" "$context/dlspark/deploy/"

args=(-f "$root/deploy/docker/Dockerfile" -t "$tag")
if [ $cuda = 1 ]; then
  args+=(--build-arg "BASE_IMAGE=${BASE_IMAGE:-nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04}" --build-arg INSTALL_JDK=true)
elif [ -n "${BASE_IMAGE:-}" ]; then
  args+=(--build-arg "BASE_IMAGE=$BASE_IMAGE")
fi
"${DOCKER:-docker}" build "${args[@]}" "$context"
