// The OpContexts the runner gives a revision while it runs: online (each
// operation's SQL executed on the connection in the revision's transaction)
// and offline (written to the script, or only replayed on the schema kept in
// memory). Used by runner.cpp; not for other layers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "orm/engine/engine.hpp"
#include "orm/migrate/op_context.hpp"
#include "orm/migrate/script_reader.hpp"
#include "orm/sql/ddl_compiler.hpp"

namespace orm::migrate {

// Thrown by an online run on a backend that pauses foreign keys around a
// table rebuild (SQLite) when a rebuild comes after the revision's
// transaction began with them on: the runner rolls back and runs the
// revision again with them paused from the start.
struct NeedsForeignKeyPause {};

// Thrown by an online run when an operation's statement gave up waiting for
// a lock (the transaction's lock timeout): the runner rolls the revision
// back, may run it again, and else names the sessions holding the table.
struct LockWaitTimedOut {
    std::string where;       // "op.add_column at versions/r2.py:12:5"
    std::string statement;   // the statement, parameters inlined
};

class OnlineContext : public OpContext {
public:
    // `pause_first`: pause foreign keys before the transaction begins.
    OnlineContext(engine::Connection& conn, const engine::Url& url, const Revision& rev, std::string from_label,
                  bool pause_first);
    ~OnlineContext() override;

    void run(const MigrationOp& op) override;
    void note(const std::string& sql, const dialect::Params& params) override;
    bool offline() const override { return false; }
    const dialect::Dialect& dialect() const override { return conn_.dialect(); }
    const SchemaState& state() override;
    engine::Connection* connection_for_statement(bool writes, bool changes_schema) override;
    engine::Connection* connection() override { return &conn_; }
    const engine::Url* url() const override { return &url_; }
    void begin_autocommit(SourceLocation loc) override;
    void end_autocommit() override;

    // After the revision's function returned: the transaction (begun if it
    // was not), the foreign-key check when paused. Throws DatabaseError when
    // a key is left broken.
    void finish();
    void commit();
    void rollback();
    bool paused() const { return paused_; }
    // Statements run, parameters inlined (bookkeeping left out).
    const std::vector<std::string>& statements() const { return statements_; }

private:
    engine::Connection& conn_;
    const engine::Url& url_;
    const Revision& rev_;
    std::string from_label_;
    std::unique_ptr<sql::DDLCompiler> compiler_;
    std::optional<dialect::Dialect::ForeignKeyPause> pause_;
    std::optional<engine::Transaction> tx_;
    SchemaState state_;
    bool dirty_ = true;          // reflect before the next operation
    bool paused_ = false;
    bool pause_first_ = false;
    bool autocommit_ = false;
    bool committed_some_ = false;
    std::vector<std::string> statements_;

    void begin(bool pause);
    void ensure_transaction();
};

class OfflineContext : public OpContext {
public:
    // `emit` false: operations only change `state` (the schema before the range).
    OfflineContext(SchemaState& state, const dialect::Dialect& dialect, const Revision& rev, bool emit);

    void run(const MigrationOp& op) override;
    bool offline() const override { return true; }
    const dialect::Dialect& dialect() const override { return dialect_; }
    const SchemaState& state() override { return state_; }
    void begin_autocommit(SourceLocation loc) override;
    void end_autocommit() override;

    // The revision's script: statements with their parameters inlined, and
    // "COMMIT" / "BEGIN" where an autocommit block begins and ends.
    const std::vector<std::string>& statements() const { return statements_; }
    bool rebuilds_tables() const { return rebuild_; }

private:
    SchemaState& state_;
    const dialect::Dialect& dialect_;
    const Revision& rev_;
    std::unique_ptr<sql::DDLCompiler> compiler_;
    bool emit_;
    bool rebuild_ = false;
    std::vector<std::string> statements_;
};

}  // namespace orm::migrate
