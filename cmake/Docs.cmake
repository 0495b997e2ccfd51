# The man pages and the bash/zsh/fish completions come from `orm __generate`,
# which walks the same CLI11 tree that --help prints: they list exactly the
# commands and options of the binary they ship with. Part of `all`, so that
# `cmake --install` finds them after an ordinary build.
set(ORM_DOCS_DIR ${PROJECT_BINARY_DIR}/docs)
set(ORM_MAN_DIR ${ORM_DOCS_DIR}/man)
set(ORM_COMPLETION_FILES ${ORM_DOCS_DIR}/orm.bash ${ORM_DOCS_DIR}/_orm ${ORM_DOCS_DIR}/orm.fish)
add_custom_command(
  OUTPUT ${ORM_MAN_DIR}/orm.1 ${ORM_COMPLETION_FILES}
  # Emptied first: a page of a command that no longer exists must not linger.
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${ORM_MAN_DIR}
  COMMAND orm __generate man ${ORM_MAN_DIR}
  COMMAND orm __generate bash ${ORM_DOCS_DIR}/orm.bash
  COMMAND orm __generate zsh ${ORM_DOCS_DIR}/_orm
  COMMAND orm __generate fish ${ORM_DOCS_DIR}/orm.fish
  DEPENDS orm
  COMMENT "Generating the man pages and shell completions"
  VERBATIM)
add_custom_target(orm_docs ALL DEPENDS ${ORM_MAN_DIR}/orm.1 ${ORM_COMPLETION_FILES})
