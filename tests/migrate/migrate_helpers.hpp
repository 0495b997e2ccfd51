// Helpers for the runner tests: a migrations folder written revision by
// revision, databases on either engine, and schema/data snapshots that
// leave out the migration bookkeeping tables.
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "orm/engine/engine.hpp"
#include "orm/engine/reflection.hpp"
#include "orm/migrate/revision_graph.hpp"
#include "orm/migrate/runner.hpp"
#include "orm/migrate/schema_json.hpp"
#include "support/pg_cluster.hpp"
#include "support/db_snapshot.hpp"
#include "support/process.hpp"

namespace migrate_test {

// A migrations folder in a temp dir; each add() appends a revision that follows the previous one.
struct History {
    orm_test::TempDir dir;
    std::vector<std::string> ids;

    // Writes versions/<id>.py with the given upgrade/downgrade bodies (each
    // line already indented by four spaces); returns the file path.
    std::string add(const std::string& id, const std::string& upgrade, const std::string& downgrade = "    pass",
                    const std::string& message = "") {
        std::string down = ids.empty() ? "None" : "'" + ids.back() + "'";
        std::string text = "\"\"\"" + (message.empty() ? "revision " + id : message) + "\n\nRevision ID: " + id +
                           "\nRevises: " + (ids.empty() ? "" : ids.back()) +
                           "\nCreate Date: 2024-01-01 00:00:00\n\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n"
                           "from sqlalchemy.dialects import postgresql\n\n\nrevision = '" + id + "'\ndown_revision = " +
                           down + "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n" + upgrade +
                           "\n\n\ndef downgrade() -> None:\n" + downgrade + "\n";
        ids.push_back(id);
        std::string path = (dir / ("versions/" + id + ".py")).string();
        orm_test::write_file(path, text);
        return path;
    }
    std::string folder() const { return dir.path().string(); }
    orm::migrate::RevisionGraph graph() const { return orm::migrate::load_revision_graph(folder()); }
};

// A fresh database on `engine` ("sqlite" in `dir`, or a new PostgreSQL database).
inline std::string fresh_url(const std::string& engine, const orm_test::TempDir& dir) {
    static std::atomic<int> counter{0};
    int n = ++counter;
    if (engine == "sqlite") return "sqlite:///" + (dir / ("db" + std::to_string(n) + ".sqlite")).string();
    return orm_test::create_database("migrate_" + std::to_string(::getpid()) + "_" + std::to_string(n));
}

inline bool bookkeeping(const std::string& table) {
    return table == "alembic_version" || table == "orm_migration_log";
}

// The reflected schema (as `orm inspect --format json` shows it) without the bookkeeping tables.
inline std::string schema_of(const std::string& url) {
    auto engine = orm::engine::create_engine(url);
    auto conn = engine.connect();
    nlohmann::json j = orm::migrate::schema_to_json(orm::engine::reflect(conn));
    nlohmann::json tables = nlohmann::json::array();
    for (auto& t : j["tables"])
        if (!bookkeeping(t["name"].get<std::string>())) tables.push_back(t);
    j["tables"] = tables;
    return j.dump(1);
}

// Every row of every table but the bookkeeping ones, sorted.
inline std::string data_of(const std::string& url) {
    return orm_test::data_snapshot(url, {"alembic_version", "orm_migration_log"});
}

// The single value of a query.
inline std::string scalar(const std::string& url, const std::string& sql) {
    auto engine = orm::engine::create_engine(url);
    auto conn = engine.connect();
    auto v = conn.query(sql)->scalar();
    return v ? v->repr() : "<no row>";
}

// The engines every runner test runs on.
inline const std::vector<std::string> kEngines = {"sqlite", "postgresql"};

// `h` upgraded / downgraded to `target` on the database at `url`, as orm migrate runs it.
inline std::vector<orm::migrate::StepReport> upgrade(const std::string& url, const History& h,
                                                     const std::string& target = "head",
                                                     orm::migrate::RunnerOptions options = {}) {
    auto engine = orm::engine::create_engine(url);
    auto graph = h.graph();
    orm::migrate::Migrator m(engine, graph, options);
    return m.upgrade(target);
}

inline std::vector<orm::migrate::StepReport> downgrade(const std::string& url, const History& h,
                                                       const std::string& target,
                                                       orm::migrate::RunnerOptions options = {}) {
    auto engine = orm::engine::create_engine(url);
    auto graph = h.graph();
    orm::migrate::Migrator m(engine, graph, options);
    return m.downgrade(target);
}

}  // namespace migrate_test
