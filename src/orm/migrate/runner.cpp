#include "orm/migrate/runner.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <algorithm>
#include <map>
#include <thread>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/core/timestamp.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/offline_script.hpp"
#include "orm/migrate/operation_sql.hpp"
#include "orm/migrate/run_context.hpp"
#include "orm/declarative/bridge.hpp"
#include "orm/migrate/script_runtime.hpp"
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

std::optional<std::string> opt(const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); }


}  // namespace

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
    Bookkeeping(const dialect::Dialect& dialect, const VersionTableName& version = {})
        : ddl_(dialect.shared_ddl_compiler()), compiler_(dialect.shared_statement_compiler()),
          version_(version_table(version)) {}

    const schema::Table& versions() const { return version_; }

    std::string create_version_table() const {
        return ddl_.create_table(bookkeeping_metadata(), version_);
    }
    std::string create_log_table() const { return ddl_.create_table(bookkeeping_metadata(), migration_log_table()); }
    // The statement of one version-table change, and its parameters.
    std::pair<std::string, dialect::Params> version_change(const VersionChange& v) const {
        const auto& t = version_;
        switch (v.kind) {
            case VersionChange::Kind::insert: return {compiler_.compile(sql::insert(t, {"version_num"})).sql, {v.to}};
            case VersionChange::Kind::remove: {
                sql::Delete del;
                del.table = &t;
                del.where = {sql::column_is_parameter(t, "version_num")};
                return {compiler_.compile(del).sql, {v.from}};
            }
            case VersionChange::Kind::update: break;
        }
        sql::Update update = sql::update(t, {"version_num"});
        update.where = {sql::column_is_parameter(t, "version_num")};
        return {compiler_.compile(update).sql, {v.to, v.from}};
    }
    // DELETE FROM alembic_version (a stamp replaces whatever it holds).
    std::string delete_versions() const {
        sql::Delete del;
        del.table = &version_;
        return compiler_.compile(del).sql;
    }
    std::string insert_log() const {
        return compiler_.compile(sql::insert(migration_log_table(), {"revision", "direction", "sha256", "applied_at",
                                                                     "duration"}))
            .sql;
    }
    std::string select_versions() const { return select(version_, {"version_num"}); }
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
    schema::Table version_;
};

std::vector<std::string> read_current(engine::Connection& conn, const VersionTableName& version) {
    std::vector<std::string> out;
    if (!conn.has_table(version.name, version.schema)) return out;
    for (auto& row : conn.query(Bookkeeping(conn.dialect(), version).select_versions())->all())
        out.push_back(row[0].as_text());
    return out;
}

// The heads after a step's version-table changes.
std::vector<std::string> heads_after(std::vector<std::string> heads, const Step& step) {
    for (const auto& v : step.versions) {
        if (v.kind != VersionChange::Kind::insert) heads.erase(std::remove(heads.begin(), heads.end(), v.from), heads.end());
        if (v.kind != VersionChange::Kind::remove) heads.push_back(v.to);
    }
    return heads;
}


}  // namespace

// ------------------------------------------------------------------ Migrator

std::vector<std::string> recorded_revisions(engine::Connection& conn, const VersionTableName& version) {
    return read_current(conn, version);
}

bool drop_version_table(engine::Connection& conn, const VersionTableName& version) {
    if (!conn.has_table(version.name, version.schema)) return false;
    auto tx = conn.begin();
    conn.execute(conn.dialect().shared_ddl_compiler().drop_table(version_table(version)));
    tx.commit();
    return true;
}

Migrator::Migrator(const engine::Engine& engine, const RevisionGraph& graph, RunnerOptions options)
    : engine_(engine), graph_(graph), options_(std::move(options)) {}

std::vector<std::string> Migrator::current() {
    auto conn = engine_.connect();
    auto heads = read_current(conn, options_.version_table);
    graph_.check_current(heads);
    return heads;
}

namespace {

std::vector<ModifiedRevision> modified_in(engine::Connection& conn, const RevisionGraph& graph,
                                         const std::vector<std::string>& current) {
    std::vector<ModifiedRevision> out;
    if (!conn.has_table(migration_log_table().name)) return out;
    std::map<std::string, std::pair<std::string, std::string>> last;   // revision -> (direction, sha)
    auto result = conn.query(Bookkeeping(conn.dialect()).select_log());
    while (result->next()) {
        const auto& row = result->row();
        last[row[0].as_text()] = {row[1].as_text(), row[2].as_text()};
    }
    for (const Revision* applied : graph.applied(current)) {
        const Revision& rev = *applied;
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
    auto current = read_current(conn, options_.version_table);
    graph_.check_current(current);
    return modified_in(conn, graph_, current);
}

std::vector<StepReport> Migrator::upgrade(const std::string& target) { return run(target, true); }
std::vector<StepReport> Migrator::downgrade(const std::string& target) { return run(target, false); }

namespace {

// with_variant() and TypeDecorator.load_dialect_impl choose for the dialect the revisions run on.
void use_dialect(const RevisionGraph& graph, const std::string& dialect) {
    for (const Revision& rev : graph.revisions())
        if (rev.runtime) rev.runtime->bridge().dialect = dialect;
}

bool same_heads(std::vector<std::string> a, std::vector<std::string> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
}

std::string seconds_option(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", s);
    return buf;
}

}  // namespace

void Migrator::lock_transaction(engine::Connection& conn) const {
    const auto& backend = engine_.dialect();
    if (backend.migration_lock_per_transaction())
        backend.acquire_migration_lock(conn.runner(), engine_.url().to_connect_params(), options_.lock_timeout,
                                              options_.lock_wait);
}

std::optional<StepReport> Migrator::run_step(engine::Connection& conn, const Step& step,
                                             const std::vector<std::string>& expected) {
    const Revision& rev = *step.revision;
    const auto& backend = engine_.dialect();
    const Bookkeeping book(backend, options_.version_table);
    StepReport report{rev.id, rev.message, step.upgrade ? "upgrade" : "downgrade", 0, {}};
    auto started = Clock::now();
    auto attempt = [&](bool pause_first) {
        OnlineContext ctx(conn, engine_.url(), rev, step.from_label, pause_first);
        if (backend.migration_lock_per_transaction()) {
            ctx.connection_for_statement(true, false);   // the transaction begins here
            lock_transaction(conn);
            // Under the lock: another run may have applied this revision meanwhile.
            if (!same_heads(read_current(conn, options_.version_table), expected)) return false;
        }
        if (auto timeout = backend.lock_timeout_statement(options_.ddl_lock_timeout)) {
            ctx.connection_for_statement(true, false);
            conn.query(timeout->first, timeout->second)->close();
        }
        rev.runtime->run(rev, step.upgrade, ctx);
        ctx.finish();
        for (const auto& v : step.versions) {
            auto [version_sql, version_params] = book.version_change(v);
            conn.execute(version_sql, version_params);
        }
        report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
        conn.execute(book.insert_log(), {rev.id, report.direction, rev.sha256, utc_now_iso(), seconds_text(report.seconds)});
        ctx.commit();
        report.statements = ctx.statements();
        return true;
    };
    if (!rev.runtime) throw InternalError("revision " + rev.id + " has no runtime to run on");
    bool ran = false;
    try {
        ran = attempt(false);
    } catch (const NeedsForeignKeyPause&) {
        // A table rebuild after statements ran with foreign keys enforced: run the revision again, paused from the start.
        ran = attempt(true);
    }
    if (!ran) return std::nullopt;
    return report;
}

std::optional<StepReport> Migrator::run_step_retrying(engine::Connection& conn, const Step& step,
                                                      const std::vector<std::string>& expected) {
    const Revision& rev = *step.revision;
    double pause = options_.retry_pause;
    for (int attempt = 0;; ++attempt) {
        LockWaitTimedOut timed_out;
        try {
            return run_step(conn, step, expected);
        } catch (const LockWaitTimedOut& t) {
            timed_out = t;   // the revision's transaction is rolled back
        } catch (const dialect::DriverError& e) {
            // A statement of the revision's own Python (op.get_bind()) or of the bookkeeping.
            if (e.kind() != dialect::ErrorKind::lock_timeout) throw;
            timed_out = {"its statements", e.statement()};
        }
        if (attempt < options_.retries) {
            std::this_thread::sleep_for(std::chrono::milliseconds(static_cast<long long>(pause * 1000)));
            pause *= 2;
            continue;
        }
        std::string holders;
        for (const auto& h : engine_.dialect().lock_holders(conn.runner(), timed_out.statement))
            holders += "\n  blocked by " + h;
        if (holders.empty()) holders = "\n  (the session holding the lock has gone since)";
        std::string attempts = attempt == 0 ? "" : " in each of " + std::to_string(attempt + 1) + " attempts";
        throw DatabaseError("revision " + rev.named() + " gave up waiting for a table's lock after " +
                            seconds_option(options_.ddl_lock_timeout) + " s (--ddl-lock-timeout)" + attempts +
                            " in " + timed_out.where + ":" + holders + "\n[SQL: " + timed_out.statement +
                            "]\nnothing of revision " + rev.id + " was applied; the database stays at revision " +
                            revision_label(opt(step.from_label)) +
                            "; run it again once the blocking transaction ends, or give --retries N");
    }
}

std::vector<StepReport> Migrator::run(const std::string& target, bool upgrade) {
    auto conn = engine_.connect();
    const auto& backend = engine_.dialect();
    conn.require_writable();
    auto plan_from = [&](const std::vector<std::string>& cur) {
        return upgrade ? graph_.upgrade_steps(cur, target) : graph_.downgrade_steps(cur, target);
    };
    {
        // The target is resolved before anything is written: one that names
        // nothing (`head` with several heads) leaves the database untouched.
        auto cur = read_current(conn, options_.version_table);
        graph_.check_current(cur);
        plan_from(cur);
    }
    Bookkeeping book(backend, options_.version_table);
    std::unique_ptr<dialect::MigrationLock> run_lock;
    if (!backend.migration_lock_per_transaction())
        run_lock = backend.acquire_migration_lock(conn.runner(), engine_.url().to_connect_params(), options_.lock_timeout,
                                              options_.lock_wait);
    // Under the lock: another run may have made them while we waited.
    for (auto [table, ddl] : {std::pair{book.versions().name, book.create_version_table()},
                              std::pair{migration_log_table().name, book.create_log_table()}}) {
        const auto schema = table == book.versions().name ? book.versions().schema : std::nullopt;
        if (conn.has_table(table, schema)) continue;
        auto tx = conn.begin();
        lock_transaction(conn);
        if (!conn.has_table(table, schema)) conn.execute(ddl);
        tx.commit();
    }
    auto cur = read_current(conn, options_.version_table);
    graph_.check_current(cur);
    auto plan = [&] { return plan_from(cur); };
    std::vector<Step> steps = plan();
    if (!options_.allow_modified) refuse_modified(modified_in(conn, graph_, cur));

    std::vector<StepReport> reports;
    use_dialect(graph_, backend.name());
    for (size_t next = 0; next < steps.size();) {
        const Step& step = steps[next];
        if (options_.progress)
            options_.progress((step.upgrade ? "upgrade " : "downgrade ") + revision_label(opt(step.from_label)) + " -> " +
                                  revision_label(opt(step.to_label)) + ", " + step.revision->message,
                              reports.size(), reports.size() + steps.size() - next);
        if (auto report = run_step_retrying(conn, step, cur)) {
            reports.push_back(std::move(*report));
            cur = heads_after(cur, step);
            ++next;
            continue;
        }
        // Another run moved the database: what is left to do, from where it is now.
        cur = read_current(conn, options_.version_table);
        graph_.check_current(cur);
        steps = plan();
        next = 0;
    }
    return reports;
}

void Migrator::stamp(const std::vector<std::string>& targets) {
    auto conn = engine_.connect();
    const auto& backend = engine_.dialect();
    conn.require_writable();
    Bookkeeping book(backend, options_.version_table);
    std::unique_ptr<dialect::MigrationLock> run_lock;
    if (!backend.migration_lock_per_transaction())
        run_lock = backend.acquire_migration_lock(conn.runner(), engine_.url().to_connect_params(), options_.lock_timeout,
                                              options_.lock_wait);
    std::vector<std::string> heads;
    for (const auto& target : targets)
        for (auto& h : graph_.stamp_heads(target))
            if (std::find(heads.begin(), heads.end(), h) == heads.end()) heads.push_back(h);
    auto tx = conn.begin();
    lock_transaction(conn);
    if (!conn.has_table(book.versions().name, book.versions().schema)) conn.execute(book.create_version_table());
    if (!conn.has_table(migration_log_table().name)) conn.execute(book.create_log_table());
    conn.execute(book.delete_versions());
    for (const auto& id : heads) {
        const Revision& rev = *graph_.find(id);
        auto [insert_version, version] = book.version_change(VersionChange{VersionChange::Kind::insert, "", rev.id});
        conn.execute(insert_version, version);
        conn.execute(book.insert_log(), {rev.id, "stamp", rev.sha256, utc_now_iso(), dialect::Value{}});
    }
    tx.commit();
}

std::vector<ModifiedRevision> Migrator::repair(const std::vector<std::string>& revisions) {
    auto conn = engine_.connect();
    Bookkeeping book(engine_.dialect(), options_.version_table);
    auto lock = engine_.dialect().acquire_migration_lock(conn.runner(), engine_.url().to_connect_params(),
                                                         options_.lock_timeout, options_.lock_wait);
    auto current = read_current(conn, options_.version_table);
    graph_.check_current(current);
    auto modified = modified_in(conn, graph_, current);
    std::vector<ModifiedRevision> accepted;
    for (const auto& spec : revisions) {
        auto resolved = graph_.resolve(spec);
        for (const Revision* rev : resolved) {
            auto it = std::find_if(modified.begin(), modified.end(), [&](auto& m) { return m.revision == rev->id; });
            if (it == modified.end())
                throw InputError("revision " + rev->id + " (" + rev->path +
                                 ") is not an applied revision modified since it ran: nothing to repair");
            accepted.push_back(*it);
        }
    }
    if (revisions.empty()) accepted = modified;
    if (accepted.empty()) return accepted;
    auto tx = conn.begin();
    for (const auto& m : accepted)
        conn.execute(book.insert_log(), {m.revision, "repair", m.file_sha256, utc_now_iso(), dialect::Value{}});
    tx.commit();
    return accepted;
}

// ------------------------------------------------------------------ offline

std::string offline_script(const RevisionGraph& graph, const std::vector<std::string>& from, const std::string& target,
                           bool upgrade, const std::string& dialect, const VersionTableName& version_table) {
    const auto& backend = dialect::get_dialect(dialect);
    Bookkeeping book(backend, version_table);
    // The schema at `from`, replayed from base: what each revision's operations compile against.
    SchemaState state;
    state.dialect = dialect;
    use_dialect(graph, backend.name());
    std::vector<std::string> replayed;
    for (const std::string& head : from)
        for (const Step& step : graph.upgrade_steps(replayed, head)) {
            OfflineContext replay(state, backend, *step.revision, false);
            step.revision->runtime->run(*step.revision, true, replay);
            replayed = heads_after(replayed, step);
        }
    std::vector<Step> steps = upgrade ? graph.upgrade_steps(from, target) : graph.downgrade_steps(from, target);
    auto compiler = backend.ddl_compiler();
    OfflineScript script(backend);
    if (from.empty() && upgrade) script.statement(book.create_version_table());
    for (const Step& step : steps) {
        const Revision& rev = *step.revision;
        OfflineContext ctx(state, backend, rev, true);
        rev.runtime->run(rev, step.upgrade, ctx);
        script.comment({std::string("Running ") + (step.upgrade ? "upgrade " : "downgrade ") + step.from_label + " -> " +
                        step.to_label});
        script.begin(ctx.rebuilds_tables());
        for (const std::string& s : ctx.statements()) script.statement(s);
        for (const auto& v : step.versions) {
            auto [sql, params] = book.version_change(v);
            script.statement(inline_params(sql, params, *compiler));
        }
        script.commit();
    }
    return script.text();
}

}  // namespace orm::migrate
