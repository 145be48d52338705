#!/usr/bin/env bash
# Build the newcomer image of tests/test_newcomer.py (docker/newcomer.Dockerfile)
# on the debootstrap base of docker/build-bases.sh, unless it exists; print its tag.
# The tag is a digest of the Dockerfile and the base, so an edit means a rebuild.
#
#   docker/build-newcomer.sh [BASE]     (default: tfmatrix/debian-base:bookworm)
#
# Needs a running Docker engine (docker/start-engine.sh) and the base image.
set -euo pipefail
cd "$(dirname "$0")/.."

base=${1:-tfmatrix/debian-base:bookworm}
dockerfile=docker/newcomer.Dockerfile
digest=$( { cat "$dockerfile"; echo "$base"; } | sha256sum | cut -c 1-12)
tag="tfmatrix/newcomer:$digest"

if ! docker image inspect "$base" >/dev/null 2>&1; then
  echo "base image $base is missing: build it with docker/build-bases.sh (root, debootstrap)" >&2
  exit 1
fi
if ! docker image inspect "$tag" >/dev/null 2>&1; then
  # No build context: the Dockerfile copies nothing in.
  docker build --network host -q -t "$tag" --build-arg "DEBIAN_BASE=$base" - <"$dockerfile" >/dev/null
fi
echo "$tag"
