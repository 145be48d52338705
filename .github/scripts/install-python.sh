#!/usr/bin/env bash
# Put CPython X.Y where tfmatrix looks for it (src/tfmatrix/run/interpreters.py) on a
# GitHub-hosted Ubuntu runner:
#
#   .github/scripts/install-python.sh X.Y [X.Y ...]
#
# - nothing where pythonX.Y on PATH is CPython X.Y already (actions/setup-python's,
#   or the runner image's);
# - uv's managed CPython where uv offers X.Y (3.8 and newer): tfmatrix finds it
#   through `uv python find`;
# - where uv's list of downloads has no CPython X.Y (3.6 and 3.7, which neither
#   uv nor actions/setup-python provide on current Ubuntu runners), conda-forge's
#   build, through the Miniconda the runner image ships ($CONDA), linked as
#   pythonX.Y into a folder added to PATH.
#
# A download uv offers but fails to make (a network blip) stops the script: it
# is told apart from a version uv lacks, and never turns into conda-forge's.
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
  local offered
  # The downloads uv knows of come with uv itself: listing them needs no network.
  if ! offered=$(uv python list --only-downloads --all-versions "cpython@$version"); then
    echo "error: uv python install $version failed, and uv could not list its downloads to tell why" >&2
    exit 1
  fi
  if [ -n "$offered" ]; then
    {
      echo "error: uv offers CPython $version ($(head -n 1 <<<"$offered" | cut -d ' ' -f 1)), but"
      echo "  \`uv python install $version\` failed (its message is above): a failed download, not a"
      echo "  missing version. Not taking conda-forge's instead; run the job again."
    } >&2
    exit 1
  fi
  echo "uv offers no CPython $version (its list of downloads has none): taking conda-forge's" >&2
  from_conda_forge "$version"
}

from_conda_forge() {
  local version=$1
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
