# `cpack -G DEB`: two Debian packages from the install components, as
# Debian splits a tool from its development files:
#   orm         the program, man pages, completions, examples; its Depends
#               computed by dpkg-shlibdeps from the libraries the binary
#               links (libpq5, libsqlite3-0, libfmt9, libmimalloc2.0,
#               libtomlplusplus3, libutf8proc2, libstdc++6, ...), so they
#               are Debian's real package names with their minimum versions
#   liborm-dev  the headers, the layers' static libraries (liborm_*.a) and the CMake package
set(CPACK_PACKAGE_NAME orm)
set(CPACK_PACKAGE_VENDOR "orm developers")
set(CPACK_PACKAGE_CONTACT "orm developers <orm-devel@invalid>" CACHE STRING "the Debian packages' Maintainer")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Stripped, as Debian ships binaries (the RelWithDebInfo binary is ~190 MB,
# ~10 MB without its debug information); the liborm_*.a lose their debug
# sections too (cmake/Install.cmake).
set(CPACK_STRIP_FILES ON)

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL runtime development)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)   # orm_0.1.0_amd64.deb, Debian's naming
set(CPACK_DEBIAN_PACKAGE_SECTION database)

set(CPACK_DEBIAN_RUNTIME_PACKAGE_NAME orm)
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SHLIBDEPS ON)
# Graphviz draws `orm schema --format svg|png`; Python with SQLAlchemy runs
# share/orm/dump_metadata.py. Neither is needed for anything else.
set(CPACK_DEBIAN_RUNTIME_PACKAGE_RECOMMENDS "graphviz")
set(CPACK_DEBIAN_RUNTIME_PACKAGE_SUGGESTS "python3-sqlalchemy, python3-alembic")
set(CPACK_COMPONENT_RUNTIME_DESCRIPTION
    "Reads SQLAlchemy declarative models natively (no Python), creates and drops their schema,\n\
diffs it against a live database, runs Alembic-compatible migrations, seeds JSON\n\
through a unit of work and runs SQLAlchemy-style queries.")

set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_NAME liborm-dev)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEVELOPMENT_PACKAGE_DEPENDS
    "libpqxx-dev, libpq-dev, libsqlite3-dev, libfmt-dev, nlohmann-json3-dev, libutf8proc-dev, libunistring-dev, libssl-dev, pkg-config")
set(CPACK_COMPONENT_DEVELOPMENT_DESCRIPTION
    "The C++ library under the orm command: schema metadata, dialects, engine and the\n\
session API (orm/session/session.hpp), as a static library with a CMake package:\n\
find_package(orm) and target_link_libraries(app PRIVATE orm::orm).")

include(CPack)
