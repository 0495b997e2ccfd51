#include "orm/dialect/postgresql/postgresql_foreign_key_deferral.hpp"

#include <algorithm>

namespace orm::dialect::pg {

void ForeignKeyDeferral::before_load(Connection& conn, const std::string& table, const Log& log) {
    // Outside a transaction each load commits by itself: nothing to set aside across.
    if (!active_ || !conn.in_transaction() || !seen_.insert(table).second) return;
    // Also the first statement after the previous load: its error, if any, is raised here.
    auto first = conn.query("SELECT $1::regclass::oid, NOT EXISTS (SELECT 1 FROM " + table + ")", {Value(table)});
    if (!first->next()) return;
    const std::int64_t oid = first->row()[0].as_int();
    const bool empty = first->row()[1].as_bool();
    first->close();
    empty_at_start_.emplace(oid, empty);
    if (!empty) return;

    // confupdtype: a no action, r restrict (these change no other row).
    auto r = conn.query(
        "SELECT c.conname, pg_catalog.pg_get_constraintdef(c.oid), c.confrelid::oid, "
        "c.confrelid::regclass::text, pg_catalog.obj_description(c.oid, 'pg_constraint'), "
        "c.confupdtype IN ('a', 'r') AND c.conparentid = 0 AND c.coninhcount = 0 AND t.relkind = 'r' "
        "AND NOT t.relispartition AND p.relkind = 'r' AND NOT p.relispartition, pg_catalog.quote_ident(c.conname), "
        "c.oid, t.relname, (SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.oid = t.relnamespace), p.relname "
        "FROM pg_catalog.pg_constraint c "
        "JOIN pg_catalog.pg_class t ON t.oid = c.conrelid JOIN pg_catalog.pg_class p ON p.oid = c.confrelid "
        "WHERE c.contype = 'f' AND c.conrelid = $1::oid ORDER BY c.oid",
        {Value(oid)});
    std::vector<Dropped> drop;
    std::string lock = "LOCK TABLE " + table;
    std::vector<std::int64_t> locked{oid};
    while (r->next()) {
        const Row& row = r->row();
        if (!row[5].as_bool()) continue;
        const std::int64_t parent = row[2].as_int();
        if (parent != oid) {
            auto seen = empty_at_start_.find(parent);
            // A table this load has not written to may hold other sessions' rows.
            if (seen == empty_at_start_.end() || !seen->second) continue;
        }
        if (std::find(locked.begin(), locked.end(), parent) == locked.end()) {
            locked.push_back(parent);
            lock += ", " + row[3].as_text();
        }
        drop.push_back({table, row[0].as_text(), row[6].as_text(), row[1].as_text(),
                        row[4].is_null() ? std::nullopt : std::optional(row[4].as_text()),
                        {row[9].as_text(), row[8].as_text(), row[3].as_text(), row[10].as_text(), row[7].as_int(), {}}});
    }
    if (drop.empty()) return;
    // Dropping a key needs the child's ownership, locking its parents
    // ownership or a write privilege: a role that may only insert and read
    // keeps the keys, checked row by row (and says so rather than failing on it).
    std::string ids;
    for (std::size_t i = 0; i < locked.size(); ++i) ids += (i ? "," : "") + std::to_string(locked[i]);
    auto owned = conn.query(
        "SELECT c.oid::regclass::text, current_user FROM pg_catalog.pg_class c "
        "WHERE c.oid = ANY($1::oid[]) AND NOT pg_catalog.pg_has_role(c.relowner, 'USAGE') "
        "ORDER BY pg_catalog.array_position($1::oid[], c.oid)",   // the table itself first
        {Value("{" + ids + "}")});
    if (owned->next()) {
        std::string note = "-- foreign keys of " + table + " checked row by row: the role \"" +
                           owned->row()[1].as_text() + "\" does not own " + owned->row()[0].as_text();
        owned->close();
        log(note);
        return;
    }
    owned->close();
    for (auto& d : drop) d.key.columns = key_columns(conn, d.key.oid);   // for a breach's message, while they exist
    std::string alter = "ALTER TABLE " + table;
    for (std::size_t i = 0; i < drop.size(); ++i)
        alter += (i ? ", DROP CONSTRAINT " : " DROP CONSTRAINT ") + drop[i].quoted_name;
    // In a savepoint, so that a table someone else holds (or a constraint
    // this role may not drop) leaves the load as it was, checked row by row.
    const std::string savepoint = "orm_bulk_load_foreign_keys";
    conn.savepoint(savepoint);
    try {
        lock += " IN ACCESS EXCLUSIVE MODE NOWAIT";
        log(lock);
        conn.execute(lock);
        log(alter);
        conn.execute(alter);
    } catch (const DriverError& e) {
        conn.rollback_to_savepoint(savepoint);
        conn.release_savepoint(savepoint);
        log("-- foreign keys of " + table + " checked row by row: " + e.server_message());
        return;
    }
    conn.release_savepoint(savepoint);
    for (auto& d : drop) dropped_.push_back(std::move(d));
}

void ForeignKeyDeferral::restore(Connection& conn, const Log& log) {
    std::vector<Dropped> dropped = std::move(dropped_);
    forget();
    // Tables in the order their keys were dropped; each ALTER adds all of one table's.
    for (std::size_t i = 0; i < dropped.size();) {
        const std::string& table = dropped[i].table;
        std::size_t end = i;
        while (end < dropped.size() && dropped[end].table == table) ++end;
        // A rollback to a savepoint taken before the drop has brought some back.
        auto existing = conn.query(
            "SELECT conname FROM pg_catalog.pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'",
            {Value(table)});
        std::vector<std::string> present;
        while (existing->next()) present.push_back(existing->row()[0].as_text());
        std::string alter;
        std::vector<const Dropped*> added;
        for (std::size_t k = i; k < end; ++k) {
            const Dropped& d = dropped[k];
            if (std::find(present.begin(), present.end(), d.name) != present.end()) continue;
            alter += (alter.empty() ? "ALTER TABLE " + table + " ADD CONSTRAINT " : ", ADD CONSTRAINT ") +
                     d.quoted_name + " " + d.definition;
            added.push_back(&d);
        }
        if (!alter.empty()) {
            log(alter);
            add_checked(conn, alter, added);
        }
        for (const Dropped* d : added) {
            if (!d->comment) continue;
            // COMMENT takes no parameters: the server quotes the text itself.
            auto text = conn.query("SELECT format('COMMENT ON CONSTRAINT %I ON %s IS %L', $1::text, $2::text, $3::text)",
                                   {Value(d->name), Value(table), Value(*d->comment)})->scalar();
            log(text->as_text());
            conn.execute(text->as_text());
        }
        i = end;
    }
}

std::vector<ForeignKeyDeferral::KeyColumn> ForeignKeyDeferral::key_columns(Connection& conn, std::int64_t oid) {
    auto r = conn.query(
        "SELECT a.attname, pg_catalog.quote_ident(a.attname), pa.attname, pg_catalog.quote_ident(pa.attname) "
        "FROM pg_catalog.pg_constraint c CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(ck, pk, o) "
        "JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.ck "
        "JOIN pg_catalog.pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = k.pk "
        "WHERE c.oid = $1::oid ORDER BY k.o",
        {Value(oid)});
    std::vector<KeyColumn> out;
    while (r->next()) {
        const Row& row = r->row();
        out.push_back({row[0].as_text(), row[1].as_text(), row[2].as_text(), row[3].as_text()});
    }
    return out;
}

void ForeignKeyDeferral::add_checked(Connection& conn, const std::string& alter, const std::vector<const Dropped*>& added) {
    // In a savepoint: when a row breaks a key, the rows breaking it are looked
    // up (the failed ALTER names one, in no particular order) so that the
    // caller can tell which of its inputs made the first of them.
    const std::string savepoint = "orm_bulk_load_foreign_key_check";
    conn.savepoint(savepoint);
    try {
        conn.execute(alter);
    } catch (const DriverError& e) {
        if (e.kind() != ErrorKind::foreign_key_violation) throw;
        conn.rollback_to_savepoint(savepoint);
        for (const Dropped* d : added)
            if (auto breach = breaking_rows(conn, *d)) throw ForeignKeyViolation(std::move(*breach), e.code(), alter);
        throw;
    }
    conn.release_savepoint(savepoint);
}

std::optional<ForeignKeyBreach> ForeignKeyDeferral::breaking_rows(Connection& conn, const Dropped& d) {
    if (d.key.columns.empty()) return std::nullopt;
    ForeignKeyBreach breach{d.key.schema, d.key.table, d.name, {}, d.key.referenced_table, {}, {}};
    std::string shown, grouped, present, match;
    for (const auto& c : d.key.columns) {
        breach.columns.push_back(c.name);
        breach.referenced_columns.push_back(c.referenced_name);
        shown += (shown.empty() ? "" : ", ") + ("c." + c.quoted + "::text");
        grouped += (grouped.empty() ? "" : ", ") + ("c." + c.quoted);
        present += " AND c." + c.quoted + " IS NOT NULL";
        match += (match.empty() ? "" : " AND ") + ("p." + c.referenced_quoted + " = c." + c.quoted);
    }
    // MATCH SIMPLE: a row with a NULL in its key refers to nothing.
    auto r = conn.query("SELECT " + shown + " FROM ONLY " + d.table + " c WHERE TRUE" + present +
                        " AND NOT EXISTS (SELECT 1 FROM ONLY " + d.key.referenced_quoted + " p WHERE " + match +
                        ") GROUP BY " + grouped + " ORDER BY min(c.ctid) LIMIT " +
                        std::to_string(ForeignKeyBreach::max_keys));
    while (r->next()) {
        std::vector<std::string> key;
        for (const auto& v : r->row()) key.push_back(v.as_text());
        breach.keys.push_back(std::move(key));
    }
    if (breach.keys.empty()) return std::nullopt;
    return breach;
}

void ForeignKeyDeferral::forget() {
    active_ = false;
    seen_.clear();
    empty_at_start_.clear();
    dropped_.clear();
}

}  // namespace orm::dialect::pg
