// create_all / drop_all against a live database (SQLAlchemy's
// MetaData.create_all(bind, checkfirst=True) and drop_all): look at what
// exists, plan with sql::create_all_ddl / drop_all_ddl, run the plan in one
// transaction so that a failure leaves the database as it was.
#pragma once

#include <string>
#include <vector>

#include "orm/engine/engine.hpp"
#include "orm/schema/table.hpp"
#include "orm/sql/ddl.hpp"

namespace orm::engine {

struct DdlRun {
    std::vector<sql::DdlStatement> executed;   // in execution order
    std::vector<std::string> skipped_tables;   // create: already there; drop: not there
};

// Creates the tables (and PostgreSQL enum types) of `md` that do not exist yet,
// restricted to `options.tables` when set. One transaction; on any failure it
// is rolled back and the error (DatabaseError/InputError) propagates.
DdlRun create_all(Connection& conn, const schema::MetaData& md, sql::DdlOptions options = {});

// Drops the tables of `md` that exist, in reverse dependency order, then the
// enum types they used. One transaction, as create_all.
DdlRun drop_all(Connection& conn, const schema::MetaData& md, sql::DdlOptions options = {});

}  // namespace orm::engine
