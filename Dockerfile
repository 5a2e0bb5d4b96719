# SPDX-License-Identifier: Apache-2.0
# switchboard's container image: a build stage, then a runtime stage with the binary alone.
#
#   podman build --format docker -t switchboard .        (docker build -t switchboard . works too)
#   podman run -p 8080:8080 -e SWITCHBOARD_DEMO_SECRET=... -v sb-state:/var/lib/switchboard switchboard
#
# --format docker keeps the HEALTHCHECK, which the OCI image format has no field for.

FROM debian:bookworm AS build
# The same script a developer runs, so the image and a workstation build with the same packages;
# copied alone first so that a source change does not repeat the package installation.
COPY scripts/install-deps.sh /src/scripts/install-deps.sh
RUN /src/scripts/install-deps.sh build && rm -rf /var/lib/apt/lists/*
# Mount a ccache directory here (podman build -v ~/.cache/ccache:/ccache) to make rebuilds fast;
# without a mount the cache is simply thrown away with this stage.
ENV CCACHE_DIR=/ccache CCACHE_MAXSIZE=5G
COPY . /src
# .git stays out of the image context; pass its description for --version:
#   podman build --build-arg SWITCHBOARD_GIT_DESCRIBE="$(git describe --tags --always --dirty)" …
ARG SWITCHBOARD_GIT_DESCRIBE=""
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DSWITCHBOARD_TESTS=OFF -DSWITCHBOARD_BENCH=OFF -DSWITCHBOARD_FUZZ=OFF \
        -DSWITCHBOARD_GIT_DESCRIBE="$SWITCHBOARD_GIT_DESCRIBE" \
    && cmake --build /build -j "$(nproc)" --target switchboard \
    && cmake --install /build --prefix /install --strip

# The Debian package from the same build (podman build --target deb; the .deb is in /deb).
FROM build AS deb
RUN cd /build && cpack -G DEB -B /deb && rm -rf /deb/_CPack_Packages

FROM debian:bookworm
COPY scripts/install-deps.sh /tmp/install-deps.sh
RUN /tmp/install-deps.sh runtime && rm -rf /var/lib/apt/lists/* /tmp/install-deps.sh
# A fixed system account: the daemon needs no privileges, only its state directory.
RUN useradd --system --user-group --home-dir /var/lib/switchboard --no-create-home \
        --shell /usr/sbin/nologin switchboard \
    && install -d -o switchboard -g switchboard -m 0750 /var/lib/switchboard
COPY --from=build /install/bin/switchboard /usr/local/bin/switchboard
# The web page's files; the daemon finds them beside its binary, in ../share/switchboard/web.
COPY --from=build /install/share/switchboard /usr/local/share/switchboard
COPY config/*.jsonc /etc/switchboard/
USER switchboard:switchboard
VOLUME /var/lib/switchboard
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["curl", "-fsS", "-o", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/usr/local/bin/switchboard"]
CMD ["run", "--config", "/etc/switchboard/switchboard.jsonc", \
     "--state-dir", "/var/lib/switchboard", "--listen", "0.0.0.0:8080"]
