#include "orm/engine/ddl_runner.hpp"

#include <memory>
#include <optional>
#include <set>

#include "orm/sql/ddl_compiler.hpp"

namespace orm::engine {

namespace {

// The schemas the metadata's tables live in (nullopt: the default schema).
std::set<std::optional<std::string>> schemas_of(const schema::MetaData& md) {
    std::set<std::optional<std::string>> schemas;
    for (const auto& t : md.tables) schemas.insert(t->schema);
    if (schemas.empty()) schemas.insert(std::nullopt);
    return schemas;
}

// Fills in what exists now, as full names ("schema.name" outside the default schema).
void observe_database(Connection& conn, const schema::MetaData& md, sql::DdlOptions& options) {
    std::set<std::string> tables, enums;
    for (const auto& schema : schemas_of(md)) {
        std::string prefix = schema ? *schema + "." : "";
        for (auto& name : conn.table_names(schema)) tables.insert(prefix + name);
        for (auto& name : conn.enum_names(schema)) enums.insert(prefix + name);
    }
    options.existing_tables = std::move(tables);
    options.existing_enums = std::move(enums);
}

std::vector<std::string> requested_tables(const schema::MetaData& md, const sql::DdlOptions& options) {
    if (options.tables) return *options.tables;
    std::vector<std::string> all;
    for (const auto& t : md.tables) all.push_back(t->fullname());
    return all;
}

DdlRun run_plan(Connection& conn, const schema::MetaData& md, sql::DdlOptions options, bool create) {
    auto compiler = conn.dialect().ddl_compiler();
    conn.require_writable();
    auto txn = conn.begin();
    if (!create)
        if (auto defer = conn.dialect().defer_foreign_keys_sql()) conn.execute(*defer);
    observe_database(conn, md, options);
    DdlRun run;
    for (const auto& name : requested_tables(md, options)) {
        const schema::Table* t = md.table(name);
        std::string full = t ? t->fullname() : name;
        bool exists = options.existing_tables->count(full) > 0;
        if (exists == create) run.skipped_tables.push_back(full);
    }
    run.executed = create ? sql::create_all_ddl(md, *compiler, options) : sql::drop_all_ddl(md, *compiler, options);
    for (const auto& statement : run.executed) conn.execute(statement.sql);
    txn.commit();
    return run;
}

}  // namespace

DdlRun create_all(Connection& conn, const schema::MetaData& md, sql::DdlOptions options) {
    return run_plan(conn, md, std::move(options), true);
}

DdlRun drop_all(Connection& conn, const schema::MetaData& md, sql::DdlOptions options) {
    return run_plan(conn, md, std::move(options), false);
}

}  // namespace orm::engine
