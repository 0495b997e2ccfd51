// The unit of work behind Session::flush(): dependency-ordered INSERT,
// UPDATE and DELETE of a session's objects. See session.hpp for the contract.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "orm/session/session.hpp"

namespace orm::session {

// "name", with embedded quotes doubled: every identifier orm emits is quoted.
std::string quote_identifier(const std::string& ident);
std::string quote_table(const schema::Table& t);

// Evaluates a Python-side default/onupdate (literal or well-known callable).
Value evaluate_default(const schema::ColumnDefault& d, const schema::Column& column);

class UnitOfWork {
public:
    UnitOfWork(Session& session, engine::Connection& conn) : s_(session), conn_(conn) {}
    // Runs the flush; the caller rolls back when it throws.
    void run();

private:
    void pull_foreign_keys(Object& o);
    void apply_insert_defaults(Object& o);
    void insert_rows(const schema::Table& t, std::vector<Object*>& rows);
    // UPDATEs the columns that differ from the last flush (with onupdate); `count` it in last_flush().
    void update_row(Object& o, bool count = true);
    void sync_links();
    void delete_rows(const schema::Table& t, const std::vector<Object*>& rows);

    Session& s_;
    engine::Connection& conn_;
    // child -> (one-to-many property, parent) for every loaded collection.
    std::map<Object*, std::vector<std::pair<const RelationshipProperty*, Object*>>> parents_;
};

}  // namespace orm::session
