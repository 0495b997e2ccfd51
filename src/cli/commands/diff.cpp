// orm diff [--format text|sql|json] [--exit-code]
// The operations that would bring the live database in line with the models
// (orm/migrate/compare.hpp): for people (text), as the SQL that carries them
// out in the URL's dialect (sql: orm/migrate/autogenerate + operation_sql,
// SQLite rebuilds included), or for machines (json); with --exit-code,
// exit 1 when there are any.
//
// The SQL is a script for psql / sqlite3: one transaction, each operation
// under a "-- <operation>" comment, each difference that can lose data
// under a "-- destructive: ..." line before the statements that carry it
// out. On SQLite, when a table is rebuilt, foreign-key enforcement is
// switched off before BEGIN (a rebuild drops the old table) and the script
// fails before COMMIT if any foreign key is left dangling.
#include <iostream>
#include <memory>

#include "cli/commands/commands.hpp"
#include "cli/commands/diff_text.hpp"
#include "orm/core/error.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/autogenerate.hpp"
#include "orm/migrate/compare.hpp"
#include "orm/migrate/offline_script.hpp"
#include "orm/migrate/operation_sql.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::cli {

namespace {

struct DiffOptions {
    std::string format = "text";
    bool exit_code = false;
};

// What an operation acts on: a table (its name once the migration runs),
// a column (empty for table-level operations and batches), the index or
// constraint it names, an enum type.
struct Target {
    std::string table;
    std::string column;
    std::string name;
    std::string enum_name;
};

Target target_of(const migrate::MigrationOp& op) {
    using namespace migrate;
    return std::visit(
        [](const auto& o) -> Target {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, CreateTableOp>) return {o.table.name, "", "", ""};
            else if constexpr (std::is_same_v<T, RenameTableOp>) return {o.new_name, "", "", ""};
            else if constexpr (std::is_same_v<T, AddColumnOp>) return {o.table.name, o.column.name, "", ""};
            else if constexpr (std::is_same_v<T, DropColumnOp>) return {o.table.name, o.column, "", ""};
            else if constexpr (std::is_same_v<T, AlterColumnOp>)
                return {o.table.name, o.new_column_name.value_or(o.column), "", ""};
            else if constexpr (std::is_same_v<T, CreateIndexOp>) return {o.table.name, "", o.index.name.value_or(""), ""};
            else if constexpr (std::is_same_v<T, DropIndexOp> || std::is_same_v<T, DropConstraintOp>)
                return {o.table.name, "", o.name, ""};
            else if constexpr (std::is_same_v<T, CreateForeignKeyOp> || std::is_same_v<T, CreateUniqueConstraintOp> ||
                               std::is_same_v<T, CreateCheckConstraintOp> || std::is_same_v<T, CreatePrimaryKeyOp>)
                return {o.table.name, "", o.constraint.name.value_or(""), ""};
            else if constexpr (std::is_same_v<T, CreateEnumOp> || std::is_same_v<T, DropEnumOp> ||
                               std::is_same_v<T, AddEnumValueOp>)
                return {"", "", "", o.spec.name.value_or("")};
            else if constexpr (std::is_same_v<T, ExecuteOp>) return {};
            else return {o.table.name, "", "", ""};
        },
        op.as_variant());
}

// The operation that carries out the difference `d`: the one on its
// column (or the table it drops, or its enum type), else the batch that
// rebuilds its table; ops.size() when none does.
size_t carrier(const migrate::Operation& d, const std::vector<migrate::MigrationOp>& ops) {
    for (size_t i = 0; i < ops.size(); ++i) {
        const Target t = target_of(ops[i]);
        if (d.table.empty()) {
            if (d.name && !t.enum_name.empty() && *d.name == t.enum_name) return i;
            continue;
        }
        if (d.table != t.table) continue;
        if (d.kind == "remove_table") {
            if (std::holds_alternative<migrate::DropTableOp>(ops[i].as_variant())) return i;
        } else if (d.column ? t.column == *d.column : (!d.name || t.name == *d.name)) {
            return i;
        }
    }
    for (size_t i = 0; i < ops.size(); ++i)
        if (std::holds_alternative<migrate::BatchAlterTableOp>(ops[i].as_variant()) && target_of(ops[i]).table == d.table)
            return i;
    return ops.size();
}

std::string describe_op(const migrate::MigrationOp& op) {
    const Target t = target_of(op);
    std::string out = migrate::op_name(op);
    if (!t.enum_name.empty()) return out + " " + t.enum_name;
    if (!t.table.empty()) out += " " + t.table + (t.column.empty() ? "" : "." + t.column);
    if (!t.name.empty()) out += " " + t.name;
    return out;
}

// The script (migrate::OfflineScript): destructive differences flagged where they happen.
std::string sql_script(const std::vector<migrate::Operation>& diff, const std::vector<migrate::MigrationOp>& ops,
                       const migrate::SchemaState& database, const sql::DDLCompiler& compiler) {
    migrate::SchemaState state = migrate::copy_state(database);
    std::vector<size_t> carried_by;
    for (const auto& d : diff) carried_by.push_back(d.destructive ? carrier(d, ops) : ops.size());
    // Each operation's comment lines and statements, compiled first: whether
    // a table is rebuilt decides how the transaction begins.
    std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> parts;
    bool rebuild = false;
    for (size_t k = 0; k < ops.size(); ++k) {
        const auto& op = ops[k];
        auto compiled = migrate::operation_sql(op, state, compiler);
        migrate::apply_operation(op, state);
        rebuild = rebuild || compiled.sqlite_rebuild;
        auto& [comments, statements] = parts.emplace_back();
        comments.push_back(describe_op(op));
        for (size_t i = 0; i < diff.size(); ++i)
            if (diff[i].destructive && carried_by[i] == k)
                comments.push_back("destructive: " + migrate::describe(diff[i]).substr(2));
        if (compiled.statements.empty()) comments.push_back("(nothing to do in " + compiler.dialect_name() + ")");
        for (const auto& s : compiled.statements) statements.push_back(s.sql);
    }
    migrate::OfflineScript script(dialect::get_dialect(compiler.dialect_name()));
    std::vector<std::string> header{"orm diff: " + std::to_string(diff.size()) +
                                    (diff.size() == 1 ? " difference" : " differences") + ", " +
                                    std::to_string(ops.size()) + " operation" + (ops.size() == 1 ? "" : "s") + " (" +
                                    compiler.dialect_name() + ")"};
    for (size_t i = 0; i < diff.size(); ++i)
        if (diff[i].destructive && carried_by[i] == ops.size())
            header.push_back("destructive: " + migrate::describe(diff[i]).substr(2));
    script.comment(header);
    script.begin(rebuild);
    for (const auto& [comments, statements] : parts) {
        script.comment(comments);
        for (const auto& s : statements) script.statement(s);
    }
    script.commit();
    return script.text();
}

int run_diff(Context& context, const DiffOptions& opts) {
    const auto& models = context.models();
    auto engine = context.engine(true);
    auto conn = engine.connect();
    auto reflected = engine::reflect_for(conn, models.metadata);
    conn.close();
    auto ops = migrate::compare_metadata(models.metadata, reflected, {context.version_table().name});
    if (opts.format == "json") {
        std::cout << migrate::operations_to_json(ops).dump(2) << std::endl;
    } else if (opts.format == "sql") {
        if (ops.empty()) {
            context.terminal.info("no differences: the database matches the models");
        } else {
            auto compiler = engine.dialect().ddl_compiler();
            auto migration = migrate::operations_from_diff(ops, models.metadata, reflected);
            std::cout << sql_script(ops, migration, reflected, *compiler) << std::flush;
        }
    } else {
        // As diff tools colour them: additions green, removals red, changes
        // yellow, and what loses data bold red (SGR colours).
        std::string out;
        for (const auto& op : ops) {
            std::string line = diff_line(op);
            const char* color = line[0] == '+' ? "32" : line[0] == '-' ? "31" : line[0] == '!' ? "1;31" : "33";
            out += context.terminal.paint_stdout(line, color) + "\n";
        }
        std::cout << out << std::flush;
        if (ops.empty()) context.terminal.info("no differences: the database matches the models");
        else context.terminal.info(kDiffLegend);
    }
    return opts.exit_code && !ops.empty() ? 1 : 0;
}

}  // namespace

void register_diff(CLI::App& app, Context& context) {
    auto opts = std::make_shared<DiffOptions>();
    auto* cmd = app.add_subcommand("diff", "Show what would bring the live database in line with the models");
    cmd->add_option("--format", opts->format, "text (default), sql (the statements for the URL's dialect) or json")
        ->check(CLI::IsMember({"text", "sql", "json"}));
    cmd->add_flag("--exit-code", opts->exit_code, "exit 1 when there are differences");
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_diff(context, *opts); }); });
}

}  // namespace orm::cli
