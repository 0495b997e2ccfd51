# A small runtime image of orm: the Debian package built in the first
# stage (cpack -G DEB, its Depends found by dpkg-shlibdeps) installed into
# debian:bookworm-slim, which then holds orm, the runtime libraries the
# package names and /usr/share/orm/examples, and no compiler.
#   docker build -t orm . && docker run --rm -v "$PWD:/work" -w /work orm migrate
FROM debian:bookworm AS build
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends \
      g++ cmake ninja-build pkg-config file dpkg-dev fakeroot \
      libcli11-dev libpqxx-dev libpq-dev libsqlite3-dev nlohmann-json3-dev libfmt-dev libmimalloc-dev \
      libtomlplusplus-dev libutf8proc-dev >/dev/null
COPY . /src
RUN cmake -S /src -B /build -G Ninja -DCMAKE_BUILD_TYPE=Release -DORM_BUILD_TESTS=OFF \
 && cmake --build /build \
 && cd /build && cpack -G DEB

FROM debian:bookworm-slim
COPY --from=build /build/orm_*.deb /tmp/
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends /tmp/orm_*.deb >/dev/null \
 && rm -rf /var/lib/apt/lists/* /tmp/orm_*.deb
WORKDIR /work
ENTRYPOINT ["orm"]
