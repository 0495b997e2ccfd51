# `cmake --install build --prefix P`: the program with its man pages,
# completions and examples (component "runtime"), and for C++ programs the
# library, its headers and a CMake package, so that
#   find_package(orm) + target_link_libraries(app PRIVATE orm::orm)
# works against P (component "development").
include(CMakePackageConfigHelpers)

install(TARGETS orm RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT runtime)
install(DIRECTORY ${ORM_MAN_DIR}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT runtime)
# Where each shell's own packages put completions on Debian.
install(FILES ${ORM_DOCS_DIR}/orm.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
        RENAME orm COMPONENT runtime)
install(FILES ${ORM_DOCS_DIR}/_orm DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions COMPONENT runtime)
install(FILES ${ORM_DOCS_DIR}/orm.fish DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d COMPONENT runtime)

# share/orm: the examples, with the shop's migration history copied in
# (in the source tree its migrations/ is a symlink to the root's).
install(DIRECTORY share/examples/ DESTINATION ${CMAKE_INSTALL_DATADIR}/orm/examples COMPONENT runtime
        PATTERN "migrations" EXCLUDE PATTERN "*.db" EXCLUDE PATTERN "__pycache__" EXCLUDE)
install(DIRECTORY migrations/ DESTINATION ${CMAKE_INSTALL_DATADIR}/orm/examples/shop/migrations COMPONENT runtime
        PATTERN "__pycache__" EXCLUDE)
# share/orm's own files (dump_metadata.py, which writes the metadata JSON
# `--models schema.json` reads from SQLAlchemy's MetaData), as they are in
# the source tree, executable bits kept.
if(EXISTS ${PROJECT_SOURCE_DIR}/share/orm)
  install(DIRECTORY share/orm/ DESTINATION ${CMAKE_INSTALL_DATADIR}/orm USE_SOURCE_PERMISSIONS COMPONENT runtime
          PATTERN "__pycache__" EXCLUDE)
endif()

# Every layer's library (liborm_core.a ... liborm_query.a, each imported
# as orm::<layer>), and orm::orm, which links them all: a program names one
# target and the linker keeps what it uses.
get_property(ORM_LAYER_TARGETS GLOBAL PROPERTY ORM_LAYERS)
add_library(orm_package INTERFACE)
set_target_properties(orm_package PROPERTIES EXPORT_NAME orm)
target_link_libraries(orm_package INTERFACE ${ORM_LAYER_TARGETS})
install(TARGETS orm_package ${ORM_LAYER_TARGETS} EXPORT ormTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT development)
# `cmake --install --strip` and cpack strip executables only; the archives'
# debug sections are most of their size, so they go too.
foreach(layer ${ORM_LAYER_TARGETS})
  install(CODE "if(CMAKE_INSTALL_DO_STRIP)
  execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-debug
                  \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/$<TARGET_FILE_NAME:${layer}>\")
endif()" COMPONENT development)
endforeach()
install(DIRECTORY src/orm/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/orm COMPONENT development
        FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")
set(ORM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/orm)
install(EXPORT ormTargets NAMESPACE orm:: DESTINATION ${ORM_CMAKE_DIR} COMPONENT development)
configure_package_config_file(cmake/ormConfig.cmake.in ${PROJECT_BINARY_DIR}/ormConfig.cmake
                              INSTALL_DESTINATION ${ORM_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ormConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ormConfig.cmake ${PROJECT_BINARY_DIR}/ormConfigVersion.cmake
        DESTINATION ${ORM_CMAKE_DIR} COMPONENT development)
