#include "orm/migrate/runner.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <map>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/core/timestamp.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/offline_script.hpp"
#include "orm/migrate/operation_sql.hpp"
#include "orm/migrate/sha256.hpp"
#include "orm/migrate/version_tables.hpp"
#include "orm/sql/ddl_compiler.hpp"
#include "orm/sql/dml.hpp"
#include "orm/sql/select_compiler.hpp"

namespace orm::migrate {

namespace {

using Clock = std::chrono::steady_clock;

// applied_at: ISO 8601 in UTC, to the microsecond.
std::string utc_now_iso() {
    return format_timestamp(std::chrono::system_clock::now(), {.local = false, .separator = 'T', .suffix = "Z"});
}

std::string seconds_text(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3f", s);
    return buf;
}

std::string revision_label(const std::optional<std::string>& r) { return r ? *r : "base"; }

// An InputError from replay or operation_sql located in the revision file.
[[noreturn]] void rethrow_in(const InputError& e, const Revision& rev) {
    if (e.file()) throw e;
    throw InputError("revision " + rev.id + ": " + e.message(), rev.source, e.location());
}

}  // namespace

// ------------------------------------------------------------------ planning

SchemaState replayed_state(const RevisionGraph& graph, int position, const std::string& dialect) {
    SchemaState state;
    state.dialect = dialect;
    for (int i = 0; i <= position; ++i) {
        const Revision& rev = graph.chain()[i];
        try {
            apply_operations(rev.upgrade_ops, state, rev.source);
        } catch (const InputError& e) {
            rethrow_in(e, rev);
        }
    }
    return state;
}

std::vector<RevisionStep> plan_steps(const RevisionGraph& graph, int from, int to, SchemaState& state,
                                     const sql::DDLCompiler& compiler) {
    std::vector<RevisionStep> steps;
    const auto& chain = graph.chain();
    auto id_at = [&](int i) { return i < 0 ? std::nullopt : std::optional<std::string>(chain[i].id); };
    bool up = to > from;
    for (int i = from; i != to; i += up ? 1 : -1) {
        const Revision& rev = chain[up ? i + 1 : i];
        RevisionStep step;
        step.revision = &rev;
        step.upgrade = up;
        step.from = id_at(i);
        step.to = id_at(up ? i + 1 : i - 1);
        for (const MigrationOp& op : up ? rev.upgrade_ops : rev.downgrade_ops) {
            try {
                OperationSql sql = operation_sql(op, state, compiler);
                step.sqlite_rebuild = step.sqlite_rebuild || sql.sqlite_rebuild;
                SourceLocation loc = std::visit([](const auto& o) { return o.loc; }, op.as_variant());
                for (auto& s : sql.statements)
                    step.statements.push_back(PlannedStatement{s.sql, s.params, op_name(op), loc});
                apply_operation(op, state, rev.source);
            } catch (const InputError& e) {
                rethrow_in(e, rev);
            }
        }
        steps.push_back(std::move(step));
    }
    return steps;
}

std::string inline_params(const std::string& sql, const dialect::Params& params, const sql::DDLCompiler& compiler) {
    if (params.empty()) return sql;
    auto literal = [&](const dialect::Value& v) -> std::string {
        switch (v.kind()) {
            case dialect::Value::Kind::null: return "NULL";
            case dialect::Value::Kind::boolean: return v.as_bool() ? compiler.compile_true() : compiler.compile_false();
            case dialect::Value::Kind::integer: return std::to_string(v.as_int());
            case dialect::Value::Kind::real: {
                char buf[40];
                std::snprintf(buf, sizeof buf, "%.17g", v.as_double());
                return buf;
            }
            case dialect::Value::Kind::text: return compiler.render_string_literal(v.as_text());
            case dialect::Value::Kind::blob:
                return dialect::get_dialect(compiler.dialect_name()).render_blob_literal(v.as_blob());
        }
        return "NULL";
    };
    std::string out;
    size_t next = 0;
    for (size_t i = 0; i < sql.size(); ++i) {
        char c = sql[i];
        if (c == '\'' || c == '"') {   // copy literals and quoted identifiers whole
            size_t j = i + 1;
            while (j < sql.size() && !(sql[j] == c && (j + 1 >= sql.size() || sql[j + 1] != c))) j += sql[j] == c ? 2 : 1;
            out += sql.substr(i, j - i + 1);
            i = j;
            continue;
        }
        if ((c == '?' || c == '$') ) {
            size_t j = i + 1;
            while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
            if (j > i + 1 || c == '?') {
                // A number past the parameters (however many digits) is left as written.
                size_t n = j > i + 1 ? parse_integer<size_t>(std::string_view(sql).substr(i + 1, j - i - 1))
                                           .value_or(params.size() + 1) - 1
                                     : next;
                ++next;
                out += n < params.size() ? literal(params[n]) : sql.substr(i, j - i);
                i = j - 1;
                continue;
            }
        }
        out += c;
    }
    return out;
}

// ------------------------------------------------------------------ bookkeeping SQL

namespace {

// The statements on the bookkeeping tables, compiled by the dialect's compilers.
class Bookkeeping {
public:
    explicit Bookkeeping(const dialect::Dialect& dialect)
        : ddl_(dialect.shared_ddl_compiler()), compiler_(dialect.shared_statement_compiler()) {}

    std::string create_version_table() const {
        return ddl_.create_table(bookkeeping_metadata(), alembic_version_table());
    }
    std::string create_log_table() const { return ddl_.create_table(bookkeeping_metadata(), migration_log_table()); }
    // The statement moving alembic_version from `from` to `to`, and its parameters.
    std::pair<std::string, dialect::Params> version_change(const std::optional<std::string>& from,
                                                           const std::optional<std::string>& to) const {
        const auto& t = alembic_version_table();
        if (!from) return {compiler_.compile(sql::insert(t, {"version_num"})).sql, {*to}};
        if (!to) {
            sql::Delete del;
            del.table = &t;
            del.where = {sql::column_is_parameter(t, "version_num")};
            return {compiler_.compile(del).sql, {*from}};
        }
        sql::Update update = sql::update(t, {"version_num"});
        update.where = {sql::column_is_parameter(t, "version_num")};
        return {compiler_.compile(update).sql, {*to, *from}};
    }
    // DELETE FROM alembic_version (a stamp replaces whatever it holds).
    std::string delete_versions() const {
        sql::Delete del;
        del.table = &alembic_version_table();
        return compiler_.compile(del).sql;
    }
    std::string insert_log() const {
        return compiler_.compile(sql::insert(migration_log_table(), {"revision", "direction", "sha256", "applied_at",
                                                                     "duration"}))
            .sql;
    }
    std::string select_versions() const { return select(alembic_version_table(), {"version_num"}); }
    // The log in the order it was written.
    std::string select_log() const {
        return select(migration_log_table(), {"revision", "direction", "sha256"}, "id");
    }

private:
    std::string select(const schema::Table& t, const std::vector<std::string>& columns,
                       const std::string& order_by = "") const {
        sql::Select s;
        for (const auto& c : columns) s.columns.push_back(sql::column(t, *t.column(c)));
        if (!order_by.empty()) s.order_by.push_back(sql::column(t, *t.column(order_by)));
        return compiler_.compile(s).sql;
    }
    const sql::DDLCompiler& ddl_;
    const sql::SQLCompiler& compiler_;
};

std::optional<std::string> read_current(engine::Connection& conn) {
    if (!conn.has_table(alembic_version_table().name)) return std::nullopt;
    auto rows = conn.query(Bookkeeping(conn.dialect()).select_versions())->all();
    if (rows.empty()) return std::nullopt;
    if (rows.size() > 1) {
        std::string list;
        for (auto& r : rows) list += (list.empty() ? "" : ", ") + r[0].as_text();
        throw DatabaseError("alembic_version records several heads (" + list +
                            "); orm runs one linear history and cannot continue from there");
    }
    return rows[0][0].as_text();
}

}  // namespace

// ------------------------------------------------------------------ Migrator

Migrator::Migrator(const engine::Engine& engine, const RevisionGraph& graph, RunnerOptions options)
    : engine_(engine), graph_(graph), options_(std::move(options)) {}

std::optional<std::string> Migrator::current() {
    auto conn = engine_.connect();
    return read_current(conn);
}

namespace {

std::vector<ModifiedRevision> modified_in(engine::Connection& conn, const RevisionGraph& graph, int current) {
    std::vector<ModifiedRevision> out;
    if (!conn.has_table(migration_log_table().name)) return out;
    std::map<std::string, std::pair<std::string, std::string>> last;   // revision -> (direction, sha)
    auto result = conn.query(Bookkeeping(conn.dialect()).select_log());
    while (result->next()) {
        const auto& row = result->row();
        last[row[0].as_text()] = {row[1].as_text(), row[2].as_text()};
    }
    for (int i = 0; i <= current; ++i) {
        const Revision& rev = graph.chain()[i];
        auto it = last.find(rev.id);
        if (it == last.end() || it->second.first == "downgrade") continue;
        if (it->second.second != rev.sha256)
            out.push_back(ModifiedRevision{rev.id, rev.path, it->second.second, rev.sha256});
    }
    return out;
}

void refuse_modified(const std::vector<ModifiedRevision>& modified) {
    if (modified.empty()) return;
    std::string list;
    for (auto& m : modified) list += "\n  " + m.path + " (revision " + m.revision + ")";
    throw SafetyError("applied revision file" + std::string(modified.size() > 1 ? "s were" : " was") +
                      " modified after it ran (its sha256 differs from orm_migration_log):" + list +
                      "\nrestore the file, or pass --allow-modified to continue anyway");
}

}  // namespace

std::vector<ModifiedRevision> Migrator::modified() {
    auto conn = engine_.connect();
    int current = graph_.position_of_current(read_current(conn));
    return modified_in(conn, graph_, current);
}

std::vector<StepReport> Migrator::upgrade(const std::string& target) { return run(target, true); }
std::vector<StepReport> Migrator::downgrade(const std::string& target) { return run(target, false); }

std::vector<StepReport> Migrator::run(const std::string& target, bool upgrade) {
    auto conn = engine_.connect();
    auto compiler = engine_.dialect().ddl_compiler();
    Bookkeeping book(engine_.dialect());
    auto lock = engine_.dialect().acquire_migration_lock(conn.runner(), engine_.url().to_connect_params(),
                                                         options_.lock_timeout);
    // Under the lock: another run may have moved the database while we waited.
    for (auto [table, ddl] : {std::pair{alembic_version_table().name, book.create_version_table()},
                              std::pair{migration_log_table().name, book.create_log_table()}}) {
        if (conn.has_table(table)) continue;
        auto tx = conn.begin();
        conn.execute(ddl);
        tx.commit();
    }
    auto cur = read_current(conn);
    int from = graph_.position_of_current(cur);
    int to = graph_.resolve(target, from);
    if (upgrade && to < from)
        throw UsageError("target '" + target + "' is below the current revision " + revision_label(cur) +
                         "; use orm migrate downgrade");
    if (!upgrade && to > from)
        throw UsageError("target '" + target + "' is above the current revision " + revision_label(cur) +
                         "; use orm migrate upgrade");
    if (!options_.allow_modified) refuse_modified(modified_in(conn, graph_, from));

    std::vector<StepReport> reports;
    // Where a step rebuilds tables, foreign keys are paused around its transaction (SQLite).
    const auto pause = engine_.dialect().foreign_key_pause();
    for (int i = from; i != to; i += upgrade ? 1 : -1) {
        // Plan from the schema the database has now.
        SchemaState state = engine::reflect(conn);
        std::vector<RevisionStep> steps = plan_steps(graph_, i, upgrade ? i + 1 : i - 1, state, *compiler);
        RevisionStep& step = steps.front();
        const Revision& rev = *step.revision;
        if (options_.progress)
            options_.progress((upgrade ? "upgrade " : "downgrade ") + revision_label(step.from) + " -> " +
                                  revision_label(step.to) + ", " + rev.message,
                              static_cast<size_t>(std::abs(i - from)), static_cast<size_t>(std::abs(to - from)));
        StepReport report{rev.id, rev.message, upgrade ? "upgrade" : "downgrade", 0, {}};
        auto started = Clock::now();
        bool fk_off = pause && step.sqlite_rebuild;
        if (fk_off) conn.execute(pause->pause);
        struct Restore {
            engine::Connection& conn;
            const std::string* resume;
            ~Restore() {
                if (!resume) return;
                try {
                    conn.execute(*resume);
                } catch (...) {
                }
            }
        } restore{conn, fk_off ? &pause->resume : nullptr};
        auto tx = conn.begin();
        for (const PlannedStatement& s : step.statements) {
            try {
                if (s.params.empty()) conn.execute(s.sql);
                else conn.execute(s.sql, s.params);
            } catch (const dialect::DriverError& e) {
                tx.rollback();
                throw DatabaseError(
                    "revision " + rev.id + " (" + rev.message + ") failed in op." + s.op + " at " +
                    format_position(*rev.source, s.loc) + ": " + e.server_message() + "\n[SQL: " +
                    inline_params(s.sql, s.params, *compiler) + "]\nnothing of revision " + rev.id +
                    " was applied; the database stays at revision " + revision_label(step.from));
            }
            report.statements.push_back(inline_params(s.sql, s.params, *compiler));
        }
        if (fk_off) {
            auto problems = conn.query(pause->check)->all();
            if (!problems.empty()) {
                tx.rollback();
                throw DatabaseError("revision " + rev.id + " (" + rev.message + ") leaves " +
                                    std::to_string(problems.size()) + " row(s) violating a foreign key in table " +
                                    problems[0][0].as_text() + " (" + pause->check + "); nothing of it was applied, "
                                    "the database stays at revision " + revision_label(step.from));
            }
        }
        auto [version_sql, version_params] = book.version_change(step.from, step.to);
        conn.execute(version_sql, version_params);
        report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        conn.execute(book.insert_log(), {rev.id, report.direction, rev.sha256, utc_now_iso(), seconds_text(report.seconds)});
        tx.commit();
        reports.push_back(std::move(report));
    }
    return reports;
}

void Migrator::stamp(const std::string& target) {
    auto conn = engine_.connect();
    Bookkeeping book(engine_.dialect());
    auto lock = engine_.dialect().acquire_migration_lock(conn.runner(), engine_.url().to_connect_params(),
                                                         options_.lock_timeout);
    auto tx = conn.begin();
    if (!conn.has_table(alembic_version_table().name)) conn.execute(book.create_version_table());
    if (!conn.has_table(migration_log_table().name)) conn.execute(book.create_log_table());
    auto rows = conn.query(book.select_versions())->all();
    int from = rows.size() == 1 ? graph_.position_of_current(rows[0][0].as_text()) : -1;
    int to = graph_.resolve(target, from);
    conn.execute(book.delete_versions());
    if (to >= 0) {
        const Revision& rev = graph_.chain()[to];
        auto [insert_version, version] = book.version_change(std::nullopt, rev.id);
        conn.execute(insert_version, version);
        conn.execute(book.insert_log(), {rev.id, "stamp", rev.sha256, utc_now_iso(), dialect::Value{}});
    }
    tx.commit();
}

// ------------------------------------------------------------------ offline

std::string offline_script(const RevisionGraph& graph, int from, int to, const std::string& dialect) {
    const auto& backend = dialect::get_dialect(dialect);
    auto compiler = backend.ddl_compiler();
    Bookkeeping book(backend);
    SchemaState state = replayed_state(graph, from, dialect);
    std::vector<RevisionStep> steps = plan_steps(graph, from, to, state, *compiler);
    OfflineScript script(backend);
    if (from < 0 && to > from) script.statement(book.create_version_table());
    for (const RevisionStep& step : steps) {
        script.comment({std::string("Running ") + (step.upgrade ? "upgrade " : "downgrade ") +
                        (step.from ? *step.from : "") + " -> " + (step.to ? *step.to : "")});
        script.begin(step.sqlite_rebuild);
        for (const PlannedStatement& s : step.statements) script.statement(inline_params(s.sql, s.params, *compiler));
        auto [sql, params] = book.version_change(step.from, step.to);
        script.statement(inline_params(sql, params, *compiler));
        script.commit();
    }
    return script.text();
}

}  // namespace orm::migrate
