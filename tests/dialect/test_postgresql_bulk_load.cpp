// PostgreSQL bulk loading (Connection::copy_rows, what the unit of work uses
// for large batches): COPY for a table without row triggers, a pipeline of
// INSERT ... SELECT unnest($1::type[]), ... for a table with foreign keys;
// both read every value as the same bound parameter would be read, keep
// lengths and exact decimals, and are all or nothing.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "orm/dialect/connection.hpp"
#include "orm/dialect/dialect.hpp"
#include "support/fixtures.hpp"
#include "support/pg_cluster.hpp"

using namespace orm::dialect;

namespace {

std::unique_ptr<Connection> fresh(const std::string& name) {
    auto url = orm_test::create_database(name);
    return get_dialect("postgresql").connect(orm_test::connect_params(url));
}

const char* kSchema =
    "CREATE TABLE parent (id INT PRIMARY KEY);"
    "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT REFERENCES parent (id), "
    "  name VARCHAR(20), note TEXT, amount NUMERIC(30, 9), ratio DOUBLE PRECISION, flag BOOLEAN, "
    "  at TIMESTAMP, data BYTEA, doc JSONB);"
    "CREATE TABLE tagged (id INT PRIMARY KEY, parent_id INT REFERENCES parent (id), tags TEXT[]);";

// Text that needs escaping in a COPY line or an array literal.
const std::vector<std::string> kAwkward = {
    "", "NULL", "plain", "with \"quotes\"", "back\\slash", "a,b", "{braces}", "tab\there", "new\nline",
    "cr\rhere", " spaced ", "ünïcödé", "'single'", "\\N",
};

std::vector<std::string> quoted(std::initializer_list<const char*> names) {
    std::vector<std::string> out;
    for (const char* n : names) out.push_back(std::string("\"") + n + "\"");
    return out;
}

ParamRows parents(int n) {
    return {static_cast<std::size_t>(n), [](std::size_t i, Params& p) { p = {Value(static_cast<long long>(i + 1))}; }};
}

}  // namespace

TEST_CASE("postgresql bulk load: COPY for a plain table, INSERT of arrays for a table with foreign keys",
          "[postgresql]") {
    auto c = fresh("bulk_choice");
    c->execute(kSchema);
    CHECK(c->copy_rows_sql("\"parent\"", quoted({"id"})) == "COPY \"parent\" (\"id\") FROM STDIN");
    CHECK(c->copy_rows_sql("\"child\"", quoted({"id", "parent_id", "name"})) ==
          "INSERT INTO \"child\" (\"id\", \"parent_id\", \"name\") "
          "SELECT unnest($1::integer[]), unnest($2::integer[]), unnest($3::character varying[])");
    // unnest would flatten an array column: such a load stays a COPY.
    CHECK(c->copy_rows_sql("\"tagged\"", quoted({"id", "tags"})) ==
          "COPY \"tagged\" (\"id\", \"tags\") FROM STDIN");
    // A disabled foreign key trigger (ALTER TABLE ... DISABLE TRIGGER ALL) means COPY again.
    c->execute("ALTER TABLE child DISABLE TRIGGER ALL");
    CHECK(c->copy_rows_sql("\"child\"", quoted({"id"})) == "COPY \"child\" (\"id\") FROM STDIN");
}

TEST_CASE("postgresql bulk load: every value kind and awkward text arrive intact, in several chunks",
          "[postgresql]") {
    auto c = fresh("bulk_values");
    c->execute(kSchema);
    c->begin();
    CHECK(c->copy_rows("\"parent\"", quoted({"id"}), parents(10)) == 10);
    const int n = 2500;   // more than one INSERT's worth of rows
    Blob blob{{0, 1, '"', '\\', ',', '{', 255}};
    auto value_of = [&](std::size_t i, Params& p) {
        const std::string& text = kAwkward[i % kAwkward.size()];
        bool nulls = i % 7 == 3;
        p = {Value(static_cast<long long>(i + 1)),
             nulls ? Value() : Value(static_cast<long long>(i % 10 + 1)),
             nulls ? Value() : Value(text.substr(0, 20)),
             nulls ? Value() : Value(text + "#" + std::to_string(i)),
             nulls ? Value() : Value("12345678901234567890.12345678" + std::to_string(i % 10)),
             i % 5 == 0 ? Value(0.1) : Value(static_cast<double>(i) / 3),
             nulls ? Value() : Value(i % 2 == 0),
             nulls ? Value() : Value("2024-02-29 13:45:0" + std::to_string(i % 10) + ".123456"),
             nulls ? Value() : Value(blob),
             nulls ? Value() : Value("{\"k\": \"" + std::string(i % 2 ? "a\\\"b" : "x") + "\", \"n\": [1, 2]}")};
    };
    auto columns = quoted({"id", "parent_id", "name", "note", "amount", "ratio", "flag", "at", "data", "doc"});
    REQUIRE(c->copy_rows_sql("\"child\"", columns).rfind("INSERT INTO", 0) == 0);
    CHECK(c->copy_rows("\"child\"", columns, ParamRows{static_cast<std::size_t>(n), value_of}) == n);
    c->commit();

    auto r = c->query(
        "SELECT id, parent_id, name, note, amount::text, ratio, flag, at::text, data, doc::text FROM child ORDER BY id");
    Params expected;
    for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
        REQUIRE(r->next());
        value_of(i, expected);
        const Row& row = r->row();
        INFO("row " << i);
        CHECK(row[0].as_int() == expected[0].as_int());
        if (expected[1].is_null()) {
            for (int k : {1, 2, 3, 4, 6, 7, 8, 9}) CHECK(row[k].is_null());
            continue;
        }
        CHECK(row[1].as_int() == expected[1].as_int());
        CHECK(row[2].as_text() == expected[2].as_text());
        CHECK(row[3].as_text() == expected[3].as_text());
        CHECK(row[4].as_text() == expected[4].as_text());   // exact: 29 significant digits
        CHECK(row[5].as_double() == expected[5].as_double());
        CHECK(row[6].as_bool() == expected[6].as_bool());
        CHECK(row[7].as_text() == expected[7].as_text());
        CHECK(row[8].as_blob() == blob);
        CHECK(row[9].as_text().find(i % 2 ? "a\\\"b" : "\"x\"") != std::string::npos);
    }
    CHECK_FALSE(r->next());
}

TEST_CASE("postgresql bulk load: a bad row fails the load, which leaves nothing behind", "[postgresql]") {
    auto c = fresh("bulk_errors");
    c->execute(kSchema);
    c->execute("INSERT INTO parent VALUES (1)");
    auto columns = quoted({"id", "parent_id", "name"});
    // Row 1800 (in the second INSERT of the pipeline) is too long for VARCHAR(20):
    // an error, never a value cut to length.
    auto too_long = ParamRows{2000, [](std::size_t i, Params& p) {
                                  p = {Value(static_cast<long long>(i + 1)), Value(1LL),
                                       Value(i == 1800 ? std::string(21, 'x') : "ok")};
                              }};
    SECTION("outside a transaction: all or nothing, as one statement") {
        try {
            c->copy_rows("\"child\"", columns, too_long);
            FAIL("no error");
        } catch (const DriverError& e) {
            CHECK_THAT(e.what(), Catch::Contains("value too long for type character varying(20)"));
        }
        CHECK_FALSE(c->in_transaction());
        CHECK(c->query("SELECT count(*) FROM child")->scalar()->as_int() == 0);
    }
    SECTION("inside a transaction: the error comes with the next command, and the transaction is rolled back") {
        c->begin();
        bool failed = false;
        try {
            c->copy_rows("\"child\"", columns, too_long);
            c->query("SELECT 1")->scalar();
        } catch (const DriverError& e) {
            failed = true;
            CHECK_THAT(e.what(), Catch::Contains("value too long"));
        }
        CHECK(failed);
        c->rollback();
        CHECK(c->query("SELECT count(*) FROM child")->scalar()->as_int() == 0);
    }
    SECTION("a missing parent is a foreign key violation") {
        c->begin();
        auto orphan = ParamRows{1500, [](std::size_t i, Params& p) {
                                    p = {Value(static_cast<long long>(i + 1)), Value(i == 1400 ? 2LL : 1LL),
                                         Value("x")};
                                }};
        c->copy_rows("\"child\"", columns, orphan);
        try {
            c->commit();
            FAIL("no error");
        } catch (const DriverError& e) {
            CHECK(e.kind() == ErrorKind::foreign_key_violation);
        }
        if (c->in_transaction()) c->rollback();
        CHECK(c->query("SELECT count(*) FROM child")->scalar()->as_int() == 0);
    }
}
