#!/usr/bin/env bash
# Install (Debian's docker.io) and start a Docker engine on a machine like
# tfmatrix's own: no bridge network and no iptables rules. Images are built
# with --network host; experiment containers run with --network none.
#
#   docker/start-engine.sh        (root; a no-op when an engine already answers)
set -euo pipefail

if docker info >/dev/null 2>&1; then
  exit 0
fi
if ! command -v dockerd >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi
log=${TFMATRIX_DOCKERD_LOG:-/var/log/tfmatrix-dockerd.log}
nohup dockerd --bridge=none --iptables=false >"$log" 2>&1 &
for _ in $(seq 60); do
  if docker info >/dev/null 2>&1; then
    echo "Docker engine $(docker info --format '{{.ServerVersion}}') is up"
    exit 0
  fi
  sleep 1
done
echo "the Docker engine did not start; see $log" >&2
tail -n 20 "$log" >&2
exit 1
