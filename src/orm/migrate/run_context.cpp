#include "orm/migrate/run_context.hpp"

#include "orm/core/error.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/apply.hpp"
#include "orm/migrate/operation_sql.hpp"
#include "orm/migrate/runner.hpp"

namespace orm::migrate {

namespace {

// An InputError from replay or operation_sql located in the revision file.
[[noreturn]] void rethrow_in(const InputError& e, const Revision& rev) {
    if (e.file()) throw e;
    throw InputError("revision " + rev.id + ": " + e.message(), rev.source, e.location());
}

std::string label(const std::string& rev) { return rev.empty() ? "base" : rev; }

SourceLocation loc_of(const MigrationOp& op) {
    return std::visit([](const auto& o) { return o.loc; }, op.as_variant());
}

}  // namespace

bool may_change_schema(const std::string& sql) {
    size_t i = 0;
    while (i < sql.size()) {
        if (std::isspace(static_cast<unsigned char>(sql[i])) || sql[i] == '(') {
            ++i;
        } else if (sql.compare(i, 2, "--") == 0) {
            i = sql.find('\n', i);
            if (i == std::string::npos) return false;
        } else if (sql.compare(i, 2, "/*") == 0) {
            i = sql.find("*/", i);
            if (i == std::string::npos) return false;
            i += 2;
        } else {
            break;
        }
    }
    std::string word;
    for (; i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])); ++i)
        word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i])));
    static const char* const reads[] = {"SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "VALUES", "SET", "SHOW", "EXPLAIN"};
    for (const char* r : reads)
        if (word == r) return false;
    return !word.empty();
}

// ------------------------------------------------------------------ online

OnlineContext::OnlineContext(engine::Connection& conn, const engine::Url& url, const Revision& rev,
                             std::string from_label, bool pause_first)
    : conn_(conn), url_(url), rev_(rev), from_label_(std::move(from_label)), compiler_(conn.dialect().ddl_compiler()),
      pause_(conn.dialect().foreign_key_pause()), pause_first_(pause_first) {
    // Without a pause to decide on, the transaction begins at once.
    if (!pause_) begin(false);
}

OnlineContext::~OnlineContext() {
    try {
        rollback();
    } catch (...) {
    }
}

void OnlineContext::begin(bool pause) {
    if (pause && pause_ && !paused_) {
        conn_.execute(pause_->pause);
        paused_ = true;
    }
    tx_.emplace(conn_.begin());
}

void OnlineContext::ensure_transaction() {
    if (!tx_ && !autocommit_) begin(pause_first_);
}

const SchemaState& OnlineContext::state() {
    if (dirty_) {
        state_ = engine::reflect(conn_);
        dirty_ = false;
    }
    return state_;
}

void OnlineContext::run(const MigrationOp& op) {
    state();
    OperationSql sql;
    try {
        sql = operation_sql(op, state_, *compiler_);
    } catch (const InputError& e) {
        rethrow_in(e, rev_);
    }
    if (sql.sqlite_rebuild && pause_ && !paused_) {
        if (tx_) {
            if (committed_some_)
                throw InputError("revision " + rev_.id + ": this operation rebuilds a table, which needs foreign keys "
                                 "paused, after an autocommit block committed part of the revision; move the "
                                 "rebuild before the autocommit block", rev_.source, loc_of(op));
            throw NeedsForeignKeyPause{};
        }
        if (!autocommit_) begin(true);
    }
    ensure_transaction();
    for (const auto& s : sql.statements) {
        try {
            if (s.params.empty()) conn_.execute(s.sql);
            else conn_.execute(s.sql, s.params);
        } catch (const dialect::DriverError& e) {
            if (e.kind() == dialect::ErrorKind::lock_timeout)
                throw LockWaitTimedOut{"op." + op_name(op) + " at " + format_position(*rev_.source, loc_of(op)),
                                       inline_params(s.sql, s.params, *compiler_)};
            throw DatabaseError("revision " + rev_.named() + " failed in op." + op_name(op) + " at " +
                                format_position(*rev_.source, loc_of(op)) + ": " + e.server_message() + "\n[SQL: " +
                                inline_params(s.sql, s.params, *compiler_) + "]\nnothing of revision " + rev_.id +
                                " was applied; the database stays at revision " + label(from_label_));
        }
        statements_.push_back(inline_params(s.sql, s.params, *compiler_));
    }
    try {
        apply_operation(op, state_, rev_.source);
    } catch (const InputError& e) {
        rethrow_in(e, rev_);
    }
    // SQL the revision wrote itself may change anything: read the schema again before the next operation.
    if (auto* e = std::get_if<ExecuteOp>(&op.as_variant()); e && may_change_schema(e->sql)) dirty_ = true;
    if (auto* e = std::get_if<AddEnumValueOp>(&op.as_variant()); e && e->verbatim) dirty_ = true;
}

void OnlineContext::note(const std::string& sql, const dialect::Params& params) {
    statements_.push_back(inline_params(sql, params, *compiler_));
}

engine::Connection* OnlineContext::connection_for_statement(bool writes, bool changes_schema) {
    // A read needs no transaction (SQLite may still pause foreign keys before one); a write begins it.
    if (writes || !pause_) ensure_transaction();
    if (changes_schema) dirty_ = true;
    return &conn_;
}

void OnlineContext::begin_autocommit(SourceLocation) {
    if (tx_) {
        tx_->commit();
        tx_.reset();
        committed_some_ = true;
    }
    autocommit_ = true;
}

void OnlineContext::end_autocommit() {
    autocommit_ = false;   // the next statement begins a transaction again
}

void OnlineContext::finish() {
    ensure_transaction();
    if (paused_) {
        auto problems = conn_.query(pause_->check)->all();
        if (!problems.empty())
            throw DatabaseError("revision " + rev_.named() + " leaves " + std::to_string(problems.size()) +
                                " row(s) violating a foreign key in table " + problems[0][0].as_text() + " (" +
                                pause_->check + "); nothing of it was applied, the database stays at revision " +
                                label(from_label_));
    }
}

void OnlineContext::commit() {
    if (tx_) tx_->commit();
    tx_.reset();
    if (paused_) {
        conn_.execute(pause_->resume);
        paused_ = false;
    }
}

void OnlineContext::rollback() {
    if (tx_) tx_->rollback();
    tx_.reset();
    if (paused_) {
        paused_ = false;
        conn_.execute(pause_->resume);
    }
}

// ------------------------------------------------------------------ offline

OfflineContext::OfflineContext(SchemaState& state, const dialect::Dialect& dialect, const Revision& rev, bool emit)
    : state_(state), dialect_(dialect), rev_(rev), compiler_(dialect.ddl_compiler()), emit_(emit) {}

void OfflineContext::run(const MigrationOp& op) {
    try {
        if (emit_) {
            OperationSql sql = operation_sql(op, state_, *compiler_);
            rebuild_ = rebuild_ || sql.sqlite_rebuild;
            for (auto& s : sql.statements) statements_.push_back(inline_params(s.sql, s.params, *compiler_));
        }
        apply_operation(op, state_, rev_.source);
    } catch (const InputError& e) {
        rethrow_in(e, rev_);
    }
}

void OfflineContext::begin_autocommit(SourceLocation) {
    if (emit_) statements_.push_back("COMMIT");
}

void OfflineContext::end_autocommit() {
    if (emit_) statements_.push_back("BEGIN");
}

}  // namespace orm::migrate
