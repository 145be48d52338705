#!/usr/bin/env bash
# Build the base images of the docker backend on a machine that reaches no
# image registry, under the public names the Dockerfile uses (python:X.Y-slim),
# so docker/Dockerfile is used unchanged.
#
#   docker/build-bases.sh [X.Y ...]     (default: every Python of the matrix)
#
# 1. debootstrap a minimal Debian (the release and mirror this machine's apt
#    uses) with the libraries CPython needs, import it as
#    tfmatrix/debian-base:<release>;
# 2. for each X.Y, copy an existing CPython X.Y build (pyenv's, or one on
#    PATH) into /usr/local of that base and tag it python:X.Y-slim.
# The host's CA bundle is copied in, so pip inside trusts what the host trusts.
# Needs root, debootstrap and a running Docker engine.
set -euo pipefail
cd "$(dirname "$0")/.."

versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  mapfile -t versions < <(python3 -c 'import sys; from pathlib import Path; sys.path.insert(0, "src")
from tfmatrix.matrix.discover import known
print("\n".join(dict.fromkeys(r.python for r in known(Path("reports")))))')
fi

# shellcheck source=/dev/null
. /etc/os-release
suite=${VERSION_CODENAME:?this machine does not say its Debian release}
base="tfmatrix/debian-base:${suite}"
packages=ca-certificates,libssl3,libffi8,zlib1g,libbz2-1.0,liblzma5,libsqlite3-0,libreadline8,libncursesw6,libgdbm6,libuuid1,libexpat1,libgomp1

apt_mirror() {
  # The first Debian archive this machine's apt is configured with.
  { grep -hoE '(URIs:|deb) +https?://[^ ]+' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } \
    | awk '{print $2}' | { grep -v -- '-security' || true; } | head -n 1
}

build_debian_base() {
  if docker image inspect "$base" >/dev/null 2>&1; then
    echo "base image $base exists"
    return
  fi
  local mirror rootfs
  mirror=$(apt_mirror)
  [ -n "$mirror" ] || { echo "no Debian mirror found in /etc/apt/sources.list*" >&2; exit 1; }
  rootfs=$(mktemp -d)
  trap 'rm -rf "$rootfs"' RETURN
  echo "debootstrap $suite from $mirror"
  debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" >/dev/null
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' - "$base" >/dev/null
  echo "built $base"
}

cpython_tree() {
  # The newest pyenv install of X.Y, or the prefix of pythonX.Y on PATH.
  local version=$1 root=${PYENV_ROOT:-$HOME/.pyenv} found
  found=$(printf '%s\n' "$root/versions/$version".* | grep -E "/$version\.[0-9]+$" | sort -V | tail -n 1 || true)
  if [ -z "$found" ] && command -v "python$version" >/dev/null; then
    found=$("python$version" -c 'import sys; print(sys.base_prefix)')
  fi
  echo "$found"
}

build_python_base() {
  local version=$1 tree context
  tree=$(cpython_tree "$version")
  if [ -z "$tree" ]; then
    echo "Python $version not found: install it (pyenv install $version) or pull python:$version-slim" >&2
    return 1
  fi
  context=$(mktemp -d)
  trap 'rm -rf "$context"' RETURN
  cp -a "$tree" "$context/python"
  find "$context/python" -name __pycache__ -prune -exec rm -rf {} +
  docker build --network host -q -t "python:$version-slim" \
    --build-arg "DEBIAN_BASE=$base" --build-arg "PYTHON=$version" \
    -f docker/python-base.Dockerfile "$context" >/dev/null
  echo "built python:$version-slim from $tree"
}

if ! command -v debootstrap >/dev/null && ! docker image inspect "$base" >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi
build_debian_base
for version in "${versions[@]}"; do
  build_python_base "$version"
done
