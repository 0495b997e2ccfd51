// The unit of work behind Session::flush(): dependency-ordered INSERT,
// UPDATE and DELETE of a session's objects. See session.hpp for the contract.
#pragma once

#include <cstdint>
#include <map>
#include <unordered_map>
#include <string>
#include <vector>

#include "orm/dialect/dialect.hpp"
#include "orm/session/session.hpp"
#include "orm/sql/identifier_preparer.hpp"
#include "orm/sql/select_compiler.hpp"

namespace orm::session {

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
    // INSERT INTO `t` of `columns`, `rows` rows of parameters ("DEFAULT
    // VALUES" when there are no columns), RETURNING `returning`: compiled.
    std::string insert_sql(const schema::Table& t, std::vector<const schema::Column*> columns, size_t rows = 1,
                           std::vector<const schema::Column*> returning = {}) const;
    // The sequence that fills `column` of `t` and keys may be drawn from
    // ahead (Dialect::key_sequence), or "" when there is none; asked once per session.
    std::string key_sequence(const schema::Table& t, const schema::Column& column);
    // Whether drawn_ holds `n` keys for `t`'s next rows: drawn ahead for the
    // flush, or drawn now for a batch big enough for COPY.
    bool keys_drawn(const schema::Table& t, const schema::Column& key, size_t n);
    // Where the dialect has key sequences: the keys of every bulk table's new
    // rows drawn before the first INSERT, so that the COPYs then follow one
    // another without a round trip between them (the server checks one
    // table's rows while this process makes the next table's).
    void draw_keys_ahead(const std::unordered_map<const schema::Table*, std::vector<Object*>>& pending);
    // UPDATEs the columns that differ from the last flush (with onupdate); `count` it in last_flush().
    void update_row(Object& o, bool count = true);
    // The phases of run(): which objects hold which in a collection (parents_);
    // orphans deleted or made transient; the tables parents first; the
    // INSERTs and UPDATEs table by table (then post-updates and links).
    void find_parents(const std::vector<Object*>& all);
    void settle_orphans(std::vector<Object*>& all);
    std::vector<const schema::Table*> tables_in_dependency_order() const;
    void write_rows(const std::vector<const schema::Table*>& sorted);
    // insert_rows(), drawing the flush's keys ahead before its first INSERT.
    void insert(const schema::Table& table, std::vector<Object*>& rows);
    // Rows of a table that refer to rows of itself: each parent row before its children.
    void insert_self_referential(const schema::Table& table, std::vector<Object*>& rows);
    void sync_links();
    void delete_rows(const schema::Table& t, const std::vector<Object*>& rows);

    Session& s_;
    engine::Connection& conn_;
    const dialect::Dialect& dialect_;
    const sql::IdentifierPreparer& preparer_;
    const sql::SQLCompiler& compiler_;
    std::unordered_map<const Mapper*, MapperPlan> plans_;
    struct DrawnKeys {
        std::vector<std::int64_t> keys;
        size_t next = 0;
    };
    std::unordered_map<const schema::Table*, DrawnKeys> drawn_;
    // The flush's new objects by table, and whether their keys were drawn ahead yet.
    std::unordered_map<const schema::Table*, std::vector<Object*>> pending_;
    bool keys_drawn_ahead_ = false;
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
