#!/usr/bin/env bash
# Put CPython X.Y where tfmatrix looks for it (src/tfmatrix/interpreters.py) on a
# GitHub-hosted Ubuntu runner:
#
#   .github/scripts/install-python.sh X.Y [X.Y ...]
#
# - nothing where pythonX.Y on PATH is CPython X.Y already (actions/setup-python's,
#   or the runner image's);
# - uv's managed CPython where uv offers X.Y (3.8 and newer): tfmatrix finds it
#   through `uv python find`;
# - otherwise (3.6 and 3.7, which neither uv nor actions/setup-python provide on
#   current Ubuntu runners) conda-forge's build, through the Miniconda the runner
#   image ships ($CONDA), linked as pythonX.Y into a folder added to PATH.
set -euo pipefail

root="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/pythons"

install() {
  local version=$1
  if "python$version" -c "import sys; assert '%d.%d' % sys.version_info[:2] == '$version'" 2>/dev/null; then
    echo "Python $version: $(command -v "python$version"), on PATH already"
    return
  fi
  if uv python install "$version"; then
    echo "Python $version: $(uv python find "$version")"
    return
  fi
  echo "uv offers no CPython $version: taking conda-forge's" >&2
  local conda="${CONDA:?no Miniconda on this runner (CONDA is unset) to install Python $version from}/bin/conda"
  "$conda" create --yes --quiet --prefix "$root/$version" \
    --override-channels --channel conda-forge "python=$version"
  mkdir -p "$root/bin"
  ln -sf "$root/$version/bin/python$version" "$root/bin/python$version"
  echo "Python $version: $("$root/bin/python$version" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
}

for version in "$@"; do
  install "$version"
done
if [ -d "$root/bin" ] && [ -n "${GITHUB_PATH:-}" ]; then
  echo "$root/bin" >>"$GITHUB_PATH"
fi
