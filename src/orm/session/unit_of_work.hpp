// The unit of work behind Session::flush(): dependency-ordered INSERT,
// UPDATE and DELETE of a session's objects. See session.hpp for the contract.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <string>
#include <vector>

#include "orm/session/session.hpp"

namespace orm::session {

// "name", with embedded quotes doubled: every identifier orm emits is quoted.
std::string quote_identifier(const std::string& ident);
std::string quote_table(const schema::Table& t);

// Evaluates a Python-side default/onupdate (literal or well-known callable).
Value evaluate_default(const schema::ColumnDefault& d, const schema::Column& column);
// A Kind::Python default: run by its interpreter and converted (python_default.cpp).
Value python_default_value(const schema::ColumnDefault& d, const schema::Column& column);

class UnitOfWork {
public:
    UnitOfWork(Session& session, engine::Connection& conn);
    // Runs the flush; the caller rolls back when it throws.
    void run();

private:
    // What the flush needs to know about a mapper, worked out once per flush
    // rather than per row.
    struct MapperPlan {
        size_t autoincrement = SIZE_MAX;   // the table's autoincrement column, as a column index
        std::vector<size_t> python_defaults;   // columns with a Python-side default
        std::vector<size_t> python_onupdates;  // columns with a Python-side onupdate
        std::vector<const RelationshipProperty*> many_to_one, one_to_many;
    };
    const MapperPlan& plan(const Mapper& m);
    void pull_foreign_keys(Object& o);
    void apply_insert_defaults(Object& o);
    void insert_rows(const schema::Table& t, std::vector<Object*>& rows);
    // INSERTs rows[0..n) of one mapper that give the same columns (`given`).
    void insert_batch(const schema::Table& t, const Mapper& m, Object* const* rows, size_t n,
                      const std::vector<char>& given);
    // A one-row INSERT into `table` (quoted) of the quoted columns `names`,
    // with placeholders; "DEFAULT VALUES" when there are none.
    std::string insert_sql(const std::string& table, const std::vector<std::string>& names) const;
    // PostgreSQL: the sequence that fills `column` of `t` (serial / identity
    // BY DEFAULT), or "" when there is none that orm may draw keys from.
    std::string serial_sequence(const schema::Table& t, const schema::Column& column);
    // PostgreSQL: `n` keys drawn from that sequence in one round trip, ascending.
    std::vector<std::int64_t> draw_keys(const schema::Table& t, const schema::Column& column, size_t n);
    // PostgreSQL: whether drawn_ holds `n` keys for `t`'s next rows: drawn
    // ahead for the flush, or drawn now for a batch big enough for COPY.
    bool keys_drawn(const schema::Table& t, const schema::Column& key, size_t n);
    // PostgreSQL: the keys of every bulk table's new rows drawn before the
    // first INSERT, so that the COPYs then follow one another without a
    // round trip between them (the server checks one table's rows while
    // this process makes the next table's).
    void draw_keys_ahead(const std::unordered_map<const schema::Table*, std::vector<Object*>>& pending);
    // UPDATEs the columns that differ from the last flush (with onupdate); `count` it in last_flush().
    void update_row(Object& o, bool count = true);
    void sync_links();
    void delete_rows(const schema::Table& t, const std::vector<Object*>& rows);

    Session& s_;
    engine::Connection& conn_;
    std::string dialect_;
    std::unordered_map<const Mapper*, MapperPlan> plans_;
    struct DrawnKeys {
        std::vector<std::int64_t> keys;
        size_t next = 0;
    };
    std::unordered_map<const schema::Table*, DrawnKeys> drawn_;
    // child -> (one-to-many property, parent) for every loaded collection.
    std::unordered_map<Object*, std::vector<std::pair<const RelationshipProperty*, Object*>>> parents_;
    // Rows inserted before a row they refer to had its key (a foreign-key
    // cycle between tables): their references are set by UPDATE afterwards.
    std::vector<Object*> post_update_;
    // Rows this flush inserted and left out of the identity map because the
    // session expunges everything right after (Session::flush_and_expunge_all).
    std::vector<Object*> inserted_unmapped_;
};

}  // namespace orm::session
