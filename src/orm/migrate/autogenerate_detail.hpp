// What autogenerate.cpp (the upgrade) and reverse.cpp (the downgrade)
// share. Internal to migrate/.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "orm/core/overloaded.hpp"
#include "orm/migrate/operations.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::migrate::detail {


// The USING clause PostgreSQL needs to change `column` from type `from`
// to `to` (no assignment cast between them: text -> integer, varchar ->
// enum, one enum to another); nullopt where the plain ALTER works.
std::optional<std::string> postgresql_using(const std::string& column, const schema::TypeEngine& from,
                                            const schema::TypeEngine& to, const sql::DDLCompiler& compiler,
                                            const schema::MetaData& md);

// The operations that change enum type `spec` (as `state` has it) to
// `values`: ALTER TYPE ADD VALUE when every value stays, in order; else the
// type made again, the columns of that type passing through text with
// their defaults set aside. `table_names` maps a state table name to the
// name it has when the operations run.
std::vector<MigrationOp> enum_change_ops(const schema::EnumSpec& spec, const std::vector<std::string>& values,
                                         const SchemaState& state, const std::map<std::string, std::string>& table_names,
                                         const sql::DDLCompiler& compiler);

}  // namespace orm::migrate::detail
