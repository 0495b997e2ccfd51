// orm query's value formatting: the fast path that writes driver cells
// straight to the output gives exactly what the session conversion gives,
// the escapers write what nlohmann::json / RFC 4180 / PostgreSQL's text COPY
// write, and the table format streams past its first 1000 rows.
#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "orm/query/cells.hpp"
#include "orm/query/output.hpp"
#include "orm/query/reader.hpp"
#include "session/session_helpers.hpp"

using namespace orm;
using dialect::Value;
using schema::TypeKind;

namespace {

sql::TypePtr type_of(TypeKind kind, std::optional<int> scale = std::nullopt) {
    auto t = std::make_shared<schema::TypeEngine>();
    t->kind = kind;
    t->scale = scale;
    return t;
}

// What the slow path writes for `cell`: the session value's csv text and JSON.
std::pair<std::string, std::string> slow(const query::CellReader& r, const Value& cell) {
    auto v = r.convert(cell);
    std::string json;
    query::append_json(v, json);
    return {query::plain(v), json};
}

// The fast path's csv text and JSON, or nullopt when it defers to the slow path.
std::optional<std::pair<std::string, std::string>> fast(query::CellReader& r, const Value& cell) {
    auto t = r.read(cell);
    if (!t) return std::nullopt;
    std::string json;
    switch (t->as) {
        case query::CellText::As::null: json = "null"; break;
        case query::CellText::As::number: json = std::string(t->text); break;
        case query::CellText::As::string: query::append_json_string(t->text, json); break;
    }
    return std::make_pair(std::string(t->text), json);
}

}  // namespace

TEST_CASE("query output: a driver cell written directly reads as its session value would") {
    struct Case {
        sql::TypePtr type;
        std::string driver_type;
        Value cell;
        bool expect_fast;
    };
    auto dt = type_of(TypeKind::DateTime);
    const std::vector<Case> cases = {
        {type_of(TypeKind::Integer), "INTEGER", Value(42), true},
        {type_of(TypeKind::Integer), "INTEGER", Value(-9007199254740993LL), true},
        {type_of(TypeKind::Integer), "INTEGER", Value(), true},
        {type_of(TypeKind::Integer), "INTEGER", Value("12"), true},   // SQLite keeps text in an INTEGER column
        {type_of(TypeKind::String), "VARCHAR(10)", Value("Norfolk"), true},
        {type_of(TypeKind::String), "VARCHAR(10)", Value(""), true},
        {type_of(TypeKind::String), "VARCHAR(10)", Value(7), true},
        {type_of(TypeKind::Text), "", Value("quote\" comma, line\nend"), true},
        {type_of(TypeKind::Boolean), "BOOLEAN", Value(1), false},
        {type_of(TypeKind::Boolean), "BOOLEAN", Value(0), false},
        {type_of(TypeKind::Boolean), "bool", Value(true), false},
        {type_of(TypeKind::Numeric, 2), "NUMERIC(10, 2)", Value(10.81), false},
        {type_of(TypeKind::Numeric, 2), "NUMERIC(10, 2)", Value(3), false},
        {type_of(TypeKind::Numeric, 2), "numeric", Value("010.50"), false},
        {type_of(TypeKind::Float), "FLOAT", Value(1.5), false},
        {type_of(TypeKind::Float), "FLOAT", Value(2), false},
        {type_of(TypeKind::Date), "DATE", Value("2024-02-29"), false},
        {type_of(TypeKind::Time), "TIME", Value("10:11:12.500000"), false},
        {type_of(TypeKind::JSON), "JSON", Value("{\"a\": [1, 2]}"), false},
        {type_of(TypeKind::LargeBinary), "BLOB", Value(dialect::Blob{{0, 1, 255}}), false},
        // DateTime: SQLite's storage form, PostgreSQL's output forms, and what must not be reformatted.
        {dt, "DATETIME", Value("2024-01-02 03:04:05.123456"), true},
        {dt, "DATETIME", Value("2024-01-02 03:04:05.000000"), true},
        {dt, "timestamp", Value("2024-01-02 03:04:05"), true},
        {dt, "timestamp", Value("2024-01-02 03:04:05.5"), true},
        {dt, "timestamp", Value("2024-01-02T23:59:59.000001"), true},
        {dt, "timestamp", Value("2024-02-29 00:00:00"), true},
        {dt, "timestamp", Value("2023-02-29 00:00:00"), false},   // no such day: the text as it is
        {dt, "timestamp", Value("2024-04-31 00:00:00"), false},
        {dt, "timestamp", Value("2024-01-02 24:00:00"), false},
        {dt, "timestamp", Value("2024-01-02 03:60:00"), false},
        {dt, "timestamp", Value("2024-01-02 03:04:05."), false},
        {dt, "timestamp", Value("2024-01-02 03:04:05.1234567"), false},
        {dt, "timestamptz", Value("2024-01-02 03:04:05+02"), false},
        {dt, "timestamptz", Value("2024-01-02 03:04:05.25+05:30"), false},
        {dt, "DATETIME", Value("2024-01-02"), false},
        {dt, "DATETIME", Value("2024-01-02 03:04"), false},
        {dt, "DATETIME", Value("not a date at all!!"), false},
        {dt, "DATETIME", Value(20240102), true},
        // NullType (func.max(...), literal(...)): the driver's type decides.
        {nullptr, "", Value("text"), true},
        {nullptr, "", Value(5), true},
        {nullptr, "int8", Value(5), true},
        {nullptr, "numeric", Value("12.50"), false},
        {nullptr, "timestamp", Value("2024-01-02 03:04:05.123456"), true},
        {nullptr, "timestamptz", Value("2024-01-02 03:04:05+00"), false},
        {nullptr, "date", Value("2024-01-02"), false},
        {nullptr, "time", Value("03:04:05"), false},
        {nullptr, "float8", Value(0.1), false},
        {nullptr, "bytea", Value(dialect::Blob{{104, 105}}), false},
    };
    for (const auto& c : cases) {
        INFO((c.type ? c.type->class_name() : std::string("NullType")) << " / " << c.driver_type << " / "
                                                                         << c.cell.repr());
        query::CellReader reader(c.type, c.driver_type);
        auto expected = slow(reader, c.cell);
        auto got = fast(reader, c.cell);
        CHECK(got.has_value() == c.expect_fast);
        if (got) {
            CHECK(got->first == expected.first);
            CHECK(got->second == expected.second);
        }
    }
}

TEST_CASE("query output: JSON strings are escaped as nlohmann::json dumps them") {
    const std::vector<std::string> texts = {
        "", "plain", "quote\" back\\slash /slash", "\b\f\n\r\t", std::string("nul\0byte", 8), "\x01\x1f\x7f",
        "héllo wörld ✓", "𝄞 clef", "mixed \n and é",
        // Invalid UTF-8: a lone continuation byte, a truncated sequence, an overlong, a surrogate, past U+10FFFF.
        "bad \x80 byte", "cut \xe2\x82", "over \xc0\xaf long", "sur \xed\xa0\x80 rogate", "big \xf4\x90\x80\x80",
        "\xff\xfe", "ok é then bad \xc3",
    };
    for (const auto& t : texts) {
        INFO(nlohmann::json(t).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
        std::string got;
        query::append_json_string(t, got);
        CHECK(got == nlohmann::json(t).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
}

TEST_CASE("query output: escaping finds a special byte at any position of a long text") {
    // The scanners read eight bytes at a time: every position around and across word boundaries.
    auto csv_reference = [](const std::string& s) {
        if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
        std::string out = "\"";
        for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
    };
    auto tsv_reference = [](const std::string& s) {
        std::string out;
        for (char c : s) {
            if (c == '\t') out += "\\t";
            else if (c == '\n') out += "\\n";
            else if (c == '\r') out += "\\r";
            else if (c == '\\') out += "\\\\";
            else out += c;
        }
        return out;
    };
    const std::string specials[] = {",", "\"", "\r", "\n", "\t", "\\", "\x01", "\x1f", " ", "\x7f", "é", "\xff"};
    for (size_t len = 0; len <= 24; ++len) {
        for (const auto& sp : specials) {
            for (size_t pos = 0; pos <= len; ++pos) {
                std::string t = std::string(pos, 'a') + sp + std::string(len - pos, 'b');
                INFO(len << " " << pos << " " << nlohmann::json(t).dump(-1, ' ', true, nlohmann::json::error_handler_t::replace));
                std::string json, csv, tsv;
                query::append_json_string(t, json);
                query::append_csv_field(t, csv);
                query::append_tsv_field(t, tsv);
                CHECK(json == nlohmann::json(t).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
                CHECK(csv == csv_reference(t));
                CHECK(tsv == tsv_reference(t));
            }
        }
    }
}

TEST_CASE("query output: csv quotes and tsv escapes only what they must") {
    auto csv = [](const std::string& s) {
        std::string out;
        query::append_csv_field(s, out);
        return out;
    };
    auto tsv = [](const std::string& s) {
        std::string out;
        query::append_tsv_field(s, out);
        return out;
    };
    CHECK(csv("plain text") == "plain text");
    CHECK(csv("") == "");
    CHECK(csv("a,b") == "\"a,b\"");
    CHECK(csv("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv("two\nlines") == "\"two\nlines\"");
    CHECK(csv("cr\r") == "\"cr\r\"");
    CHECK(csv("tab\tand\\") == "tab\tand\\");
    CHECK(tsv("plain, text \"quoted\"") == "plain, text \"quoted\"");
    CHECK(tsv("a\tb\nc\rd\\e") == "a\\tb\\nc\\rd\\\\e");
    CHECK(tsv("\\") == "\\\\");
}

namespace {

struct ShopFixture {
    std::unique_ptr<session_test::Db> db = session_test::make_db(session_test::shop_models());
    session::Session s{db->engine(), *db->registry};

    // `n` customers; the usernames of those after the first `short_ones` are longer.
    void customers(size_t n, size_t short_ones) {
        for (size_t i = 1; i <= n; ++i) {
            std::string user = i <= short_ones ? "u" + std::to_string(i % 10) : "a_much_longer_username";
            s.add(s.create("Customer", {{"first_name", "F"}, {"last_name", "L"}, {"username", user},
                                        {"email", "e"}, {"address", "a"}, {"town", "t"}}));
        }
        s.commit();
    }
    std::string run(const std::string& text, query::Format f) {
        auto q = query::read_query(std::make_shared<SourceFile>("<query>", text), s);
        std::ostringstream out;
        query::run_query(q, f, out);
        return out.str();
    }
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("query output: table sizes its columns from the first 1000 rows and streams the rest") {
    ShopFixture f;
    f.customers(1003, 1000);
    auto lines = lines_of(f.run("session.query(Customer.username, Customer.id).order_by(Customer.id)", query::Format::table));
    REQUIRE(lines.size() == 2 + 1003 + 1);
    // Sized from the header and the first 1000 rows ("username" is the widest there).
    // Numbers right-aligned (a deliberate change of issue 16's readable tables).
    CHECK(lines[0] == "username |   id");
    CHECK(lines[1] == "---------+-----");
    CHECK(lines[2] == "u1       |    1");
    CHECK(lines[1001] == "u0       | 1000");
    // A later, wider cell pushes the rest of its line right instead of re-aligning what was printed.
    CHECK(lines[1002] == "a_much_longer_username | 1001");
    CHECK(lines.back() == "(1003 rows)");
}

TEST_CASE("query output: table aligns every row when there are at most 1000") {
    ShopFixture f;
    f.customers(1000, 999);
    auto lines = lines_of(f.run("session.query(Customer.username, Customer.id).order_by(Customer.id)", query::Format::table));
    REQUIRE(lines.size() == 2 + 1000 + 1);
    CHECK(lines[0] == "username               |   id");
    CHECK(lines[2] == "u1                     |    1");
    CHECK(lines[1001] == "a_much_longer_username | 1000");
    CHECK(lines.back() == "(1000 rows)");
}
