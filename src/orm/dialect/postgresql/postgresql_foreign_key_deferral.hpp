// The foreign keys a PostgreSQL bulk load sets aside (Connection::begin_bulk_load).
//
// A row-level foreign-key check costs the server an index probe and a row
// lock per row: loading the shop bench's 200,000 child rows that way took
// 4 to 4.5 s; loading them with the constraints absent and adding the
// constraints afterwards, which checks every row in one join, took 0.9 to
// 1.3 s (psql, the same rows, same server). pg_restore loads the same way.
//
// It is done only where nobody else can notice: the child table and every
// table its keys refer to were empty when this load first wrote to them
// (so all their rows are this transaction's, invisible to others), and the
// tables can be locked at once (NOWAIT); the drop and the re-creation are
// part of the load's transaction, so a failure or a killed process leaves
// the constraints as they were. A constraint whose ON UPDATE action would
// change other rows (CASCADE, SET NULL, SET DEFAULT) is kept, as is one of a
// partitioned or inherited table. Internal to the PostgreSQL dialect.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "orm/dialect/connection.hpp"

namespace orm::dialect::pg {

class ForeignKeyDeferral {
public:
    using Log = std::function<void(const std::string&)>;

    // Starts a bulk load; it lasts until restore() or forget().
    void begin() { active_ = true; }
    bool active() const { return active_; }

    // Before rows first go into `table` (quoted, maybe schema-qualified) in
    // this load: notes whether it is empty and, when it and the tables its
    // keys refer to are, drops its foreign keys (echoing the statements to
    // `log`). Later calls for the same table do nothing.
    void before_load(Connection& conn, const std::string& table, const Log& log);

    // Re-creates every constraint set aside (each one that a rollback to a
    // savepoint has not already brought back), comments included, and ends
    // the load. Throws ForeignKeyViolation (a DriverError of kind
    // foreign_key_violation) naming the first key that does not hold, with
    // the rows breaking it, when a row breaks one.
    void restore(Connection& conn, const Log& log);

    // The transaction ended without restore() (rolled back, which brought the constraints back).
    void forget();

private:
    struct KeyColumn {
        std::string name, quoted;                       // the child's column
        std::string referenced_name, referenced_quoted; // the parent's
    };
    // What a breach of the key is reported with (ForeignKeyBreach).
    struct KeyNames {
        std::string schema, table;   // the child's, as the catalog has them
        std::string referenced_quoted, referenced_table;
        std::int64_t oid = 0;        // the constraint's, until it is dropped
        std::vector<KeyColumn> columns;
    };
    struct Dropped {
        std::string table;
        std::string name;
        std::string quoted_name;  // as SQL takes it
        std::string definition;   // pg_get_constraintdef: "FOREIGN KEY (a) REFERENCES t(id) ..."
        std::optional<std::string> comment;
        KeyNames key;
    };

    static std::vector<KeyColumn> key_columns(Connection& conn, std::int64_t oid);
    // Runs `alter` (adding `added`); a row breaking one of them throws ForeignKeyViolation.
    static void add_checked(Connection& conn, const std::string& alter, const std::vector<const Dropped*>& added);
    // The keys of rows breaking `d`, if any do (the table's rows read without it).
    static std::optional<ForeignKeyBreach> breaking_rows(Connection& conn, const Dropped& d);

    bool active_ = false;
    std::unordered_set<std::string> seen_;                   // quoted table names whose keys were decided
    std::unordered_map<std::int64_t, bool> empty_at_start_;  // by table oid
    std::vector<Dropped> dropped_;
};

}  // namespace orm::dialect::pg
