// Helpers for the session tests: a models file read from a string (or the
// shop example), its tables created on a fresh database, and an engine whose
// echo lines are collected so tests can count statements.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/engine/ddl_runner.hpp"
#include "orm/engine/engine.hpp"
#include "orm/session/session.hpp"
#include "support/process.hpp"
#include "support/db_snapshot.hpp"
#include "support/fixtures.hpp"

namespace session_test {

struct Db {
    orm_test::ModelsFile models;
    std::unique_ptr<orm::session::Registry> registry;
    std::shared_ptr<std::vector<std::string>> echo = std::make_shared<std::vector<std::string>>();
    std::string url;
    orm_test::TempDir dir;

    // An engine on `url` whose echo lines land in `echo`.
    orm::engine::Engine engine() const {
        orm::engine::EngineOptions o;
        o.echo = true;
        auto lines = echo;
        o.echo_sink = [lines](const std::string& l) { lines->push_back(l); };
        return orm::engine::Engine(orm::engine::Url::parse(url), o);
    }
    // Echoed statements that start with `prefix` (INSERT, SELECT, ...).
    size_t count(const std::string& prefix) const {
        size_t n = 0;
        for (const auto& l : *echo)
            if (l.rfind(prefix, 0) == 0) ++n;
        return n;
    }
};

// Reads `models_text`, creates its tables on `url` (a fresh SQLite file when empty).
inline std::unique_ptr<Db> make_db(const std::string& models_text, std::string url = "") {
    auto db = std::make_unique<Db>();
    db->models = orm_test::read_models(models_text, "models.py");
    db->registry = std::make_unique<orm::session::Registry>(db->models.metadata, db->models.mappers, db->models.source);
    db->url = url.empty() ? "sqlite:///" + (db->dir / "test.db").string() : url;
    auto engine = orm::engine::create_engine(db->url);
    auto conn = engine.connect();
    orm::engine::create_all(conn, db->models.metadata, {});
    return db;
}

inline std::string shop_models() {
    return orm_test::read_file(orm_test::source_dir() / "share/examples/shop/models.py");
}

// The rows of `sql` as repr text, one line per row.
inline std::string rows(const Db& db, const std::string& sql) { return orm_test::rows(db.url, sql); }

}  // namespace session_test
