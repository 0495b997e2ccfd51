#include "support/db_snapshot.hpp"

#include <algorithm>

#include "orm/engine/engine.hpp"

namespace orm_test {

namespace {

std::string rows_text(orm::engine::Connection& conn, const std::string& sql) {
    std::string out;
    auto result = conn.query(sql);
    while (result->next()) {
        const auto& row = result->row();
        for (size_t i = 0; i < row.size(); ++i) {
            if (i) out += " | ";
            out += row[i].repr();
        }
        out += "\n";
    }
    return out;
}

const char* kPostgresSchema = R"(
SELECT 'column', c.table_name, c.column_name || ' ' || c.data_type || coalesce('(' || c.character_maximum_length || ')', '')
       || coalesce(' p' || c.numeric_precision || ',' || c.numeric_scale, '') || ' null=' || c.is_nullable
       || coalesce(' default=' || c.column_default, '')
FROM information_schema.columns c WHERE c.table_schema = current_schema()
UNION ALL
SELECT 'constraint', cl.relname, pg_get_constraintdef(co.oid, true) || ' name=' || co.conname
FROM pg_constraint co JOIN pg_class cl ON cl.oid = co.conrelid
WHERE cl.relnamespace = current_schema()::regnamespace
UNION ALL
SELECT 'index', tablename, indexdef FROM pg_indexes WHERE schemaname = current_schema()
UNION ALL
SELECT 'enum', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid
WHERE t.typnamespace = current_schema()::regnamespace GROUP BY t.typname
ORDER BY 1, 2, 3)";

}  // namespace

std::vector<std::string> table_names(const std::string& url) {
    auto engine = orm::engine::create_engine(url);
    auto conn = engine.connect();
    return conn.table_names();
}

std::string schema_snapshot(const std::string& url) {
    auto engine = orm::engine::create_engine(url);
    auto conn = engine.connect();
    if (engine.name() == "sqlite") {
        return rows_text(conn, "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name");
    }
    return rows_text(conn, kPostgresSchema);
}

std::string data_snapshot(const std::string& url, const std::vector<std::string>& leave_out) {
    auto engine = orm::engine::create_engine(url);
    auto conn = engine.connect();
    std::string out;
    for (const auto& table : conn.table_names()) {
        if (std::find(leave_out.begin(), leave_out.end(), table) != leave_out.end()) continue;
        out += "== " + table + "\n";
        std::string quoted = "\"" + table + "\"";
        auto result = conn.query("SELECT * FROM " + quoted);
        std::vector<std::string> rows;
        while (result->next()) {
            std::string line;
            for (const auto& v : result->row()) line += v.repr() + " | ";
            rows.push_back(line);
        }
        std::sort(rows.begin(), rows.end());
        for (auto& r : rows) out += r + "\n";
    }
    return out;
}

std::string rows(const std::string& url, const std::string& sql, const std::string& separator) {
    auto engine = orm::engine::create_engine(url);
    auto conn = engine.connect();
    auto r = conn.query(sql);
    std::string out;
    while (r->next()) {
        for (size_t i = 0; i < r->row().size(); ++i) out += (i ? separator : "") + r->row()[i].repr();
        out += "\n";
    }
    return out;
}

}  // namespace orm_test
