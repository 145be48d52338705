#!/usr/bin/env bash
# The base image of tests/test_newcomer.py, tfmatrix/debian-base:bookworm, on a
# machine whose engine pulls public images (a GitHub-hosted runner): the public
# debian:bookworm with the CA bundle the newcomer's Dockerfile copies. Where no
# registry answers, docker/build-bases.sh debootstraps it instead (this machine).
#
#   .github/scripts/newcomer-base.sh
#
# Does nothing when the image exists.
set -euo pipefail

base=tfmatrix/debian-base:bookworm
if docker image inspect "$base" >/dev/null 2>&1; then
  echo "base image $base exists"
  exit 0
fi
docker build -q -t "$base" - >/dev/null <<'DOCKERFILE'
FROM debian:bookworm
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/*
CMD ["bash"]
DOCKERFILE
echo "built $base from debian:bookworm"
