# A newcomer's machine for tests/test_newcomer.py: Debian 12 with Debian's own
# python3 and exactly the prerequisites README.md names (pipx, git), as an
# unprivileged user; no pyenv, no uv, no Docker engine. Built on the
# debootstrap base of docker/build-bases.sh by docker/build-newcomer.sh.
ARG DEBIAN_BASE=tfmatrix/debian-base:bookworm
FROM ${DEBIAN_BASE}

# What `apt install` gives a newcomer: the release's current packages, recommends
# included. The base's CA bundle is the host's, which apt's own would replace.
# hadolint ignore=DL3008,DL3015
RUN cp /etc/ssl/certs/ca-certificates.crt /root/host-ca.crt \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y python3 pipx git ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && mv /root/host-ca.crt /etc/ssl/certs/ca-certificates.crt \
 && useradd --create-home --uid 1000 --shell /bin/bash newcomer

# pip (pipx's too, and the pip it upgrades to) and uv trust the host's CA bundle, not their own.
ENV LANG=C.UTF-8 PIP_CERT=/etc/ssl/certs/ca-certificates.crt \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt
# The newcomer by number, as the host sees the files it writes in mounted folders.
USER 1000:1000
WORKDIR /home/newcomer
CMD ["bash", "-l"]
