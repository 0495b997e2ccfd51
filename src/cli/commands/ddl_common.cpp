#include "cli/commands/ddl_common.hpp"

#include <iostream>
#include <sstream>

#include "orm/dialect/dialect.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::cli {

std::optional<std::vector<std::string>> split_table_list(const std::vector<std::string>& values) {
    if (values.empty()) return std::nullopt;
    std::vector<std::string> tables;
    for (const auto& value : values) {
        std::stringstream in(value);
        std::string item;
        while (std::getline(in, item, ',')) {
            auto b = item.find_first_not_of(" \t");
            auto e = item.find_last_not_of(" \t");
            if (b != std::string::npos) tables.push_back(item.substr(b, e - b + 1));
        }
    }
    return tables;
}

void print_statements(const std::vector<sql::DdlStatement>& statements) {
    std::string out;
    for (const auto& s : statements) {
        out += s.sql;
        out += ";\n\n";
    }
    std::cout << out << std::flush;
}

sql::DdlOptions ddl_options(Context& context, const std::vector<std::string>& tables) {
    sql::DdlOptions options;
    options.tables = split_table_list(tables);
    options.warn = [&context](const std::string& w) { context.terminal.warning(w); };
    return options;
}

void print_offline_plan(Context& context, DdlPlanner plan, const sql::DdlOptions& options) {
    const auto& metadata = context.models().metadata;
    auto compiler = dialect::get_dialect(context.url().backend).ddl_compiler();
    print_statements(plan(metadata, *compiler, options));
}

std::vector<std::string> tables_of(const std::vector<sql::DdlStatement>& statements, sql::DdlKind kind) {
    std::vector<std::string> tables;
    for (const auto& s : statements)
        if (s.kind == kind) tables.push_back(s.table);
    return tables;
}

std::string describe_tables(const std::vector<std::string>& tables) {
    // A schema of hundreds of tables would make one unreadable line: name the
    // first few and count the rest.
    constexpr size_t kNamed = 8;
    std::string out;
    for (size_t i = 0; i < tables.size() && i < kNamed; ++i) {
        if (i) out += ", ";
        out += tables[i];
    }
    if (tables.size() > kNamed) out += " and " + std::to_string(tables.size() - kNamed) + " more";
    out += " (" + std::to_string(tables.size()) + (tables.size() == 1 ? " table)" : " tables)");
    return out;
}

}  // namespace orm::cli
