# A local stand-in for the public python:X.Y-slim image: the offline base plus
# an existing CPython build under /usr/local, as the public image lays it out.
# Built by docker/build-bases.sh; the build context holds the CPython tree.
ARG DEBIAN_BASE=tfmatrix/debian-base:bookworm
FROM ${DEBIAN_BASE}

ARG PYTHON=3.7
COPY python/ /usr/local/
RUN ldconfig \
 && ln -sf "python${PYTHON}" /usr/local/bin/python \
 && ln -sf "python${PYTHON}" /usr/local/bin/python3 \
 && python -m pip --version

# pip's own certificate bundle lacks what the host trusts: use the host's, copied into the base.
ENV LANG=C.UTF-8 PATH=/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
CMD ["python3"]
