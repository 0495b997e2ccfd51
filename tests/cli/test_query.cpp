// orm query end to end on the seeded shop example, SQLite and PostgreSQL:
// the output formats, exit codes, and bad expressions refused with exit 3
// before anything runs.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

std::string shop_models() { return (source_dir() / "share/examples/shop/models.py").string(); }
std::string shop_seed() { return (source_dir() / "share/examples/shop/seed.json").string(); }

RunResult orm_query(const std::string& url, const std::string& expr, std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--models", shop_models(), "--url", url, "query", expr};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_orm(args);
}

void seed(const std::string& url) {
    REQUIRE(run_orm({"--models", shop_models(), "--url", url, "create-all"}).exit_code == 0);
    auto r = run_orm({"--models", shop_models(), "--url", url, "seed", shop_seed()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

void check_formats(const std::string& url) {
    const std::string tuples = "session.query(Customer.id, Customer.first_name).filter(Customer.town == 'Norfolk').all()";
    // The tutorial's tuples, for the data the shop seed loads.
    auto repr = orm_query(url, tuples, {"--format", "repr"});
    INFO(repr.err);
    REQUIRE(repr.exit_code == 0);
    CHECK(repr.out == "[(3, 'John'), (4, 'Sarah')]\n");

    // json is the default outside a terminal.
    auto json = orm_query(url, tuples);
    CHECK(json.exit_code == 0);
    CHECK(json.out == "[\n{\"id\": 3, \"first_name\": \"John\"},\n{\"id\": 4, \"first_name\": \"Sarah\"}\n]\n");
    CHECK(orm_query(url, tuples, {"--format", "json"}).out == json.out);

    auto nd = orm_query(url, tuples, {"--format", "ndjson"});
    CHECK(nd.out == "{\"id\": 3, \"first_name\": \"John\"}\n{\"id\": 4, \"first_name\": \"Sarah\"}\n");

    auto csv = orm_query(url, "session.query(Item.id, Item.name, Item.selling_price, Item.quantity).filter(Item.id <= 2).order_by(Item.id)",
                         {"--format", "csv"});
    CHECK(csv.exit_code == 0);
    CHECK(csv.out == "id,name,selling_price,quantity\n1,Chair,10.81,5\n2,Pen,4.51,3\n");

    auto tsv = orm_query(url, "session.query(Order.id, Customer.id).outerjoin(Customer).order_by(Order.id).limit(1)",
                         {"--format", "tsv"});
    CHECK(tsv.out == "id\tid_2\n1\t1\n");

    auto table = orm_query(url, tuples, {"--format", "table"});
    // Numbers right-aligned (a deliberate change of issue 16's readable tables).
    CHECK(table.out == "id | first_name\n---+-----------\n 3 | John\n 4 | Sarah\n(2 rows)\n");

    // Exact Numeric digits, never through a float; NULL by format.
    auto money = orm_query(url, "session.query(Item.selling_price, Item.cost_price * 3).filter(Item.name == 'Water Bottle').one()",
                           {"--format", "repr"});
    CHECK(money.out == "(Decimal('25.00'), Decimal('62.67'))\n");
    auto nulls = orm_query(url, "session.query(Customer.id, Order.id).outerjoin(Order).filter(Customer.id == 2).all()");
    CHECK(nulls.out == "[\n{\"id\": 2, \"id_2\": null}\n]\n");
    auto nulls_csv = orm_query(url, "session.query(Customer.id, Order.id).outerjoin(Order).filter(Customer.id == 2)", {"--format", "csv"});
    CHECK(nulls_csv.out == "id,id_2\n2,\n");
    auto nulls_repr = orm_query(url, "session.query(Customer.id, Order.id).outerjoin(Order).filter(Customer.id == 2).all()",
                                {"--format", "repr"});
    CHECK(nulls_repr.out == "[(2, None)]\n");

    // Datetimes in ISO-8601.
    auto when = orm_query(url, "session.query(Order.date_placed).filter(Order.id == 1).scalar()");
    CHECK(when.exit_code == 0);
    CHECK(when.out.size() >= 21);
    CHECK(when.out.substr(11, 1) == "T");

    // Entities: column attributes, nested relationships when eagerly loaded.
    auto nested = orm_query(url, "session.query(Order).options(joinedload(Order.line_items)).filter(Order.id == 2).one()");
    INFO(nested.err);
    CHECK_THAT(nested.out, Catch::Contains("\"line_items\": [{\"id\": 3, \"order_id\": 2, \"item_id\": 1, \"quantity\": 1}"));
    auto entity_repr = orm_query(url, "session.query(Item).get(1)", {"--format", "repr"});
    CHECK(entity_repr.out == "<Item id=1 name='Chair' cost_price=Decimal('9.21') selling_price=Decimal('10.81') quantity=5>\n");

    CHECK(orm_query(url, "session.query(Customer).count()").out == "6\n");
    CHECK(orm_query(url, "session.query(Customer).count()", {"--format", "csv"}).out == "count\n6\n");
}

void check_conditions(const std::string& url) {
    auto none = orm_query(url, "session.query(Customer).filter(Customer.id == 99).one()");
    CHECK(none.exit_code == 1);
    CHECK(none.out.empty());
    CHECK_THAT(none.err, Catch::Contains("NoResultFound: No row was found when one was required"));
    auto many = orm_query(url, "session.query(Customer.id).scalar()");
    CHECK(many.exit_code == 1);
    CHECK_THAT(many.err, Catch::Contains("MultipleResultsFound: Multiple rows were found when exactly one was required"));
    auto many2 = orm_query(url, "session.query(Customer).one_or_none()");
    CHECK(many2.exit_code == 1);
    CHECK_THAT(many2.err, Catch::Contains("Multiple rows were found when one or none was required"));
    CHECK(orm_query(url, "session.query(Customer.id).filter(Customer.id == 99).first()").out == "null\n");
}

struct BadCase {
    std::string expr, message, caret_line;
};

void check_bad_input(const std::string& url, const std::filesystem::path& marker) {
    const std::vector<BadCase> cases = {
        {"session.query(Customer.id", "<query>:1:", ""},
        {"session.query(Customr).all()", "name 'Customr' is not defined", "              ^~~~~~~"},
        {"session.query(Customer.nme).all()", "type object 'Customer' has no attribute 'nme'", "                       ^~~"},
        {"session.query(Customer).delete()", "Query.delete() is not allowed", "                        ^~~~~~"},
        {"session.query(Customer).filter(Customer.id == 1).update({'town': 'x'})", "Query.update() is not allowed", ""},
        {"__import__('os').system('touch " + marker.string() + "')", "'__import__' is not allowed", "^~~~~~~~~~"},
        {"exec('print(1)')", "'exec' is not allowed", "^~~~"},
        {"session.execute('DELETE FROM customers')", "'Session.execute' is not allowed", "        ^~~~~~~"},
        {"session.query(Customer.id + 'x').all()", "unsupported operand types for +: Integer column 'customers.id' and str 'x'",
         "              ^~~~~~~~~~~~~~~~~"},
        {"session.query(Customer).filter(Customer.id == 1 and Customer.id == 2).all()", "Boolean value of this clause is not defined", ""},
        {"session.query(func.pg_sleep(10)).all()", "func.pg_sleep is not allowed", ""},
        {"session.query(Customer).all().filter(Customer.id == 1)", "cannot follow a terminal method", ""},
        {"session.query(Customer).join(Item).all()", "Don't know how to join to", ""},
        {"session.query(Customer).filter_by(nope=1).all()", "Entity namespace for \"customers\" has no property \"nope\"", ""},
    };
    for (const auto& c : cases) {
        INFO(c.expr);
        // --echo: any statement run would be printed to stderr.
        auto r = run_orm({"--models", shop_models(), "--url", url, "--echo", "query", c.expr});
        INFO(r.err);
        CHECK(r.exit_code == 3);
        CHECK(r.out.empty());
        CHECK_THAT(r.err, Catch::Contains("<query>:1:"));
        CHECK_THAT(r.err, Catch::Contains(c.message));
        if (!c.caret_line.empty()) CHECK_THAT(r.err, Catch::Contains("\n  " + c.caret_line));
        CHECK_THAT(r.err, !Catch::Contains("SELECT"));
    }
    // Nothing changed.
    CHECK(orm_query(url, "session.query(Customer).count()").out == "6\n");
    CHECK(!std::filesystem::exists(marker));
}

}  // namespace

TEST_CASE("orm query on SQLite: formats and values") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "shop.db").string();
    seed(url);
    check_formats(url);
    check_conditions(url);
}

TEST_CASE("orm query on PostgreSQL: formats and values") {
    std::string url = create_database("cli_query_shop");
    seed(url);
    check_formats(url);
    check_conditions(url);
}

TEST_CASE("orm query refuses bad expressions with exit 3 and runs nothing") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "shop.db").string();
    seed(url);
    check_bad_input(url, dir / "marker");
}

TEST_CASE("orm query refuses bad expressions on PostgreSQL too") {
    TempDir dir;
    std::string url = create_database("cli_query_bad");
    seed(url);
    check_bad_input(url, dir / "marker");
}

TEST_CASE("orm query --help names the formats and the default") {
    auto r = run_orm({"query", "--help"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("json (default otherwise)"));
    CHECK_THAT(r.out, Catch::Contains("repr"));
}

namespace {

// True when `text` matches `pattern`, where "..." in the pattern stands for any text.
bool wildcard_match(const std::string& pattern, const std::string& text) {
    size_t pos = 0, start = 0;
    bool first = true;
    while (true) {
        size_t dots = pattern.find("...", start);
        std::string piece = pattern.substr(start, dots == std::string::npos ? std::string::npos : dots - start);
        if (first) {
            if (text.compare(0, piece.size(), piece) != 0) return false;
            pos = piece.size();
            first = false;
        } else if (dots == std::string::npos) {
            return text.size() >= pos + piece.size() && text.compare(text.size() - piece.size(), piece.size(), piece) == 0;
        } else {
            size_t found = text.find(piece, pos);
            if (found == std::string::npos) return false;
            pos = found + piece.size();
        }
        if (dots == std::string::npos) return pos == text.size();
        start = dots + 3;
    }
}

}  // namespace

TEST_CASE("README query cookbook: every command prints what the README shows") {
    std::string readme = read_file(source_dir() / "README.md");
    auto section = readme.find("## Querying: a cookbook");
    REQUIRE(section != std::string::npos);
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "shop.db").string();
    seed(url);
    size_t commands = 0;
    std::istringstream in(readme.substr(section));
    std::string line, command, expected;
    auto finish = [&] {
        if (command.empty()) return;
        INFO(command);
        auto r = run_process({"bash", "-c", std::string(ORM_BINARY) + command.substr(3)},
                             {{"ORM_MODELS", shop_models()}, {"ORM_URL", url}});
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(wildcard_match(expected, r.out));
        ++commands;
        command.clear();
        expected.clear();
    };
    bool in_block = false;
    while (std::getline(in, line)) {
        if (line.rfind("```", 0) == 0) {
            finish();
            in_block = !in_block;
            continue;
        }
        if (!in_block) continue;
        if (line.rfind("$ orm ", 0) == 0) {
            finish();
            command = line.substr(2);
        } else if (!command.empty()) {
            expected += line + "\n";
        }
    }
    CHECK(commands >= 8);
}
