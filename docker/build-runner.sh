#!/usr/bin/env bash
# Build the runner image that tests/test_act.py runs .github/workflows on under
# act (docker/runner.Dockerfile), unless it exists; print its tag. The tag is a
# digest of the Dockerfile and the base image, so an edit means a rebuild.
#
#   docker/build-runner.sh [BASE]     (default: python:3.13-slim)
#
# Needs a running Docker engine (docker/start-engine.sh) and the base image:
# pulled when missing, or built by docker/build-bases.sh 3.13 where no registry answers.
set -euo pipefail
cd "$(dirname "$0")/.."

base=${1:-python:3.13-slim}
dockerfile=docker/runner.Dockerfile
if ! docker image inspect "$base" >/dev/null 2>&1 && ! docker pull -q "$base" >/dev/null 2>&1; then
  version=${base#python:}
  echo "base image $base is missing and cannot be pulled: docker/build-bases.sh ${version%-slim}" >&2
  exit 1
fi
base_id=$(docker image inspect --format '{{.Id}}' "$base")
digest=$( { cat "$dockerfile"; echo "$base_id"; } | sha256sum | cut -c 1-12)
tag="tfmatrix/act-runner:$digest"

if ! docker image inspect "$tag" >/dev/null 2>&1; then
  # No build context: the Dockerfile copies nothing in.
  docker build --network host -q -t "$tag" --build-arg "BASE=$base" - <"$dockerfile" >/dev/null
fi
echo "$tag"
