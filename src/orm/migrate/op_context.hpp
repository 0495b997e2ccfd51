// Where a revision's op.* calls go while its upgrade() or downgrade() runs:
// online, each operation's SQL runs on the database as the call returns;
// offline (--sql), it is written to the script; replaying, it only changes
// the schema kept in memory; recording, it is kept (tests, the writer).
// The runner makes one context per revision run (runner.cpp, offline.cpp).
#pragma once

#include <string>

#include "orm/dialect/connection.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/migrate/operations.hpp"

namespace orm::engine {
class Connection;
struct Url;
}

namespace orm::migrate {

struct Revision;

// True unless SQL a revision wrote itself cannot change the schema (its
// first keyword, after comments: SELECT, INSERT, UPDATE, DELETE, WITH,
// VALUES, SET, SHOW, EXPLAIN): after it, the schema is read again.
bool may_change_schema(const std::string& sql);

class OpContext {
public:
    virtual ~OpContext() = default;

    // Carries out `op` now. Throws InputError (at op.loc) for an operation
    // the schema cannot take, DatabaseError when its SQL fails.
    virtual void run(const MigrationOp& op) = 0;
    // Online: a statement the revision ran itself on the bind (conn.execute),
    // for the run's report.
    virtual void note(const std::string& sql, const dialect::Params& params) {}

    // True offline (--sql): context.is_offline_mode(), and op.get_bind() is
    // a mock whose execute() writes the statement.
    virtual bool offline() const = 0;
    virtual const dialect::Dialect& dialect() const = 0;
    // The schema as the revision has it at this point.
    virtual const SchemaState& state() = 0;

    // Online: the connection op.get_bind() wraps, ready for a statement of
    // the revision's own: one that `writes` begins the revision's
    // transaction; one that `changes_schema` has the next operation reflect
    // the schema again.
    virtual engine::Connection* connection_for_statement(bool writes, bool changes_schema) { return nullptr; }
    // Online: the connection for reading only (the inspector), no transaction needed.
    virtual engine::Connection* connection() { return nullptr; }
    // Online: the database's URL (bind.engine.url).
    virtual const engine::Url* url() const { return nullptr; }

    // op.get_context().autocommit_block(): the revision's transaction is
    // committed, the block's statements run outside any, and a new one begins after.
    virtual void begin_autocommit(SourceLocation loc) = 0;
    virtual void end_autocommit() = 0;
};

}  // namespace orm::migrate
