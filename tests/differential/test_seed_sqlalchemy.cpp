// The same seed data through SQLAlchemy 1.4's ORM and through `orm seed`
// gives identical tables on SQLite and PostgreSQL; each tool reads back what
// the other wrote.
#include <catch2/catch.hpp>

#include "orm/declarative/models_reader.hpp"
#include "orm/session/session.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

std::string shop_models() { return (source_dir() / "share/examples/shop/models.py").string(); }
std::string script() { return (source_dir() / "tests/differential/sa_seed.py").string(); }

std::string dump(const std::string& url) {
    auto r = run_python({script(), "--dump", shop_models(), url});
    if (r.exit_code != 0) FAIL(r.err);
    return r.out;
}

void create(const std::string& url) {
    auto r = run_orm({"--models", shop_models(), "--url", url, "create-all"});
    if (r.exit_code != 0) FAIL(r.err);
}

// Seeds `file` into `sa_url` through SQLAlchemy and into `orm_url` through orm; compares the tables.
void compare(const std::string& file, const std::string& sa_url, const std::string& orm_url) {
    create(sa_url);
    create(orm_url);
    auto sa = run_python({script(), shop_models(), sa_url, file});
    INFO(sa.err);
    REQUIRE(sa.exit_code == 0);
    auto orm = run_orm({"--models", shop_models(), "--url", orm_url, "seed", file});
    INFO(orm.err);
    REQUIRE(orm.exit_code == 0);
    std::string expected = dump(sa_url);
    CHECK(expected.find("Decimal('9.21')") != std::string::npos);
    CHECK(dump(orm_url) == expected);
}

std::vector<std::string> seed_files() {
    return {(source_dir() / "share/examples/shop/seed.json").string(),
            (source_dir() / "tests/differential/seeds/shop_nested.json").string()};
}

}  // namespace

TEST_CASE("differential seed: SQLAlchemy's ORM and orm seed give identical SQLite tables") {
    for (const auto& file : seed_files()) {
        DYNAMIC_SECTION(file) {
            TempDir dir;
            compare(file, "sqlite:///" + (dir / "sa.db").string(), "sqlite:///" + (dir / "orm.db").string());
        }
    }
}

TEST_CASE("differential seed: SQLAlchemy's ORM and orm seed give identical PostgreSQL tables") {
    int n = 0;
    for (const auto& file : seed_files()) {
        DYNAMIC_SECTION(file) {
            ++n;
            compare(file, create_database("diff_seed_sa_" + std::to_string(n)),
                    create_database("diff_seed_orm_" + std::to_string(n)));
        }
    }
}

TEST_CASE("differential seed: orm's session reads what SQLAlchemy wrote with exact values") {
    for (std::string backend : {"sqlite", "postgresql"}) {
        DYNAMIC_SECTION(backend) {
            TempDir dir;
            std::string url = backend == "sqlite" ? "sqlite:///" + (dir / "sa.db").string()
                                                  : create_database("diff_seed_read_back");
            create(url);
            auto sa = run_python({script(), shop_models(), url, seed_files()[1]});
            INFO(sa.err);
            REQUIRE(sa.exit_code == 0);
            auto models = orm::declarative::read_models_file(shop_models());
            orm::session::Registry registry(models.metadata, models.mappers, models.source);
            orm::session::Session s(orm::engine::create_engine(url), registry);
            using orm::session::Value;
            auto jo = s.get("Customer", 2);
            REQUIRE(jo);
            CHECK(jo->get("town") == Value("Köln"));
            CHECK(jo->get("created_on").kind() == Value::Kind::datetime);
            CHECK(jo->get("created_on").as_text() == "2021-03-04 05:06:07.089000");
            auto lamp = s.filter_by(*registry.mapper("Item"), {{"name", Value("Lamp")}});
            REQUIRE(lamp.size() == 1);
            CHECK(lamp[0]->get("cost_price").kind() == Value::Kind::decimal);
            CHECK(lamp[0]->get("cost_price").as_text() == "100.10");
            CHECK(lamp[0]->get("selling_price").repr() == "Decimal('120.00')");
            // Untouched objects are not dirty: the round trip is exact.
            CHECK(s.dirty().empty());
        }
    }
}
