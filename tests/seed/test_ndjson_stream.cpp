// Seeding in flushed batches: NDJSON read a line at a time and JSON documents
// record by record give the same database as one big flush would, "@alias"
// references reach records whose batch was flushed and released, and an
// error late in the input rolls back every batch before it.
#include <catch2/catch.hpp>

#include "orm/core/error.hpp"
#include "orm/engine/ddl_runner.hpp"
#include "orm/seed/seeder.hpp"
#include "support/db_snapshot.hpp"
#include "support/pg_cluster.hpp"
#include "support/process.hpp"
#include "support/fixtures.hpp"

namespace {

struct Shop {
    orm_test::ModelsFile models;
    std::unique_ptr<orm::session::Registry> registry;
    std::string url;
    orm_test::TempDir dir;

    explicit Shop(std::string u = "") {
        auto text = orm_test::read_file(orm_test::source_dir() / "share/examples/shop/models.py");
        models = orm_test::read_models(text, "models.py");
        registry = std::make_unique<orm::session::Registry>(models.metadata, models.mappers, models.source);
        url = u.empty() ? "sqlite:///" + (dir / "shop.db").string() : u;
        auto engine = orm::engine::create_engine(url);
        auto conn = engine.connect();
        orm::engine::create_all(conn, models.metadata, {});
    }
    orm::seed::SeedSummary seed(const std::string& name, const std::string& text, size_t batch_size,
                                orm::seed::OnConflict on_conflict = orm::seed::OnConflict::error) {
        orm::seed::SeedInput in{std::make_shared<orm::SourceFile>(name, text), orm::seed::is_ndjson_name(name), ""};
        orm::seed::SeedOptions options;
        options.batch_size = batch_size;
        options.on_conflict = on_conflict;
        return orm::seed::seed(orm::engine::create_engine(url), *registry, {in}, options);
    }
    std::string rows(const std::string& sql) { return orm_test::rows(url, sql, " "); }
};

const char* kStamp = R"("created_on": "2024-05-01T12:00:00", "updated_on": "2024-05-01T12:00:00")";

std::string customer(int n) {
    return "{\"$id\": \"c" + std::to_string(n) + "\", \"first_name\": \"F" + std::to_string(n) +
           "\", \"last_name\": \"L\", \"username\": \"u" + std::to_string(n) + "\", \"email\": \"e" +
           std::to_string(n) + "@x\", \"address\": \"a\", \"town\": \"t\", " + kStamp + "}";
}
std::string item(int n) {
    return "{\"$id\": \"i" + std::to_string(n) + "\", \"name\": \"I" + std::to_string(n) + "\", \"cost_price\": \"" +
           std::to_string(n) + ".25\", \"selling_price\": " + std::to_string(n + 1) + ".5, \"quantity\": " +
           std::to_string(n % 7) + "}";
}
// Order n: its customer by alias, three lines nested, each naming an item by alias.
std::string order(int n, int customers, int items) {
    std::string lines;
    for (int k = 0; k < 3; ++k)
        lines += (k ? ", " : "") + std::string("{\"item\": \"@i") + std::to_string((n * 7 + k * 3) % items + 1) +
                 "\", \"quantity\": " + std::to_string(k + 1) + "}";
    return "{\"customer\": \"@c" + std::to_string((n * 13) % customers + 1) +
           "\", \"date_placed\": \"2024-05-02T08:30:00\", \"line_items\": [" + lines + "]}";
}

struct Data {
    std::string json, ndjson;
};

// The same records as one JSON document and as NDJSON, one record per line.
Data shop_data(int customers, int items, int orders) {
    Data d;
    std::vector<std::string> cs, is, os;
    for (int n = 1; n <= customers; ++n) cs.push_back(customer(n));
    for (int n = 1; n <= items; ++n) is.push_back(item(n));
    for (int n = 1; n <= orders; ++n) os.push_back(order(n, customers, items));
    auto array = [](const std::vector<std::string>& v) {
        std::string out = "[";
        for (size_t i = 0; i < v.size(); ++i) out += (i ? ",\n" : "\n") + v[i];
        return out + "]";
    };
    d.json = "{\"Customer\": " + array(cs) + ",\n\"Item\": " + array(is) + ",\n\"Order\": " + array(os) + "}\n";
    for (const auto& c : cs) d.ndjson += "{\"Customer\": " + c + "}\n";
    for (const auto& i : is) d.ndjson += "{\"Item\": " + i + "}\n";
    for (const auto& o : os) d.ndjson += "{\"Order\": " + o + "}\n";
    return d;
}

void same_database_either_way(const std::string& json_url, const std::string& ndjson_url, size_t batch) {
    Data data = shop_data(230, 40, 170);
    Shop whole(json_url), streamed(ndjson_url);
    auto a = whole.seed("shop.json", data.json, 1000000);   // one flush
    auto b = streamed.seed("shop.ndjson", data.ndjson, batch);
    CHECK(a.to_json() == b.to_json());
    CHECK(b.total().inserted == 230 + 40 + 170 + 3 * 170);
    std::string snapshot = orm_test::data_snapshot(whole.url);
    CHECK(orm_test::data_snapshot(streamed.url) == snapshot);
    // And what the records say, checked directly: ids in file order, keys from the aliases.
    CHECK(streamed.rows("SELECT min(id), max(id), count(*) FROM customers") == "1 230 230\n");
    CHECK(streamed.rows("SELECT customer_id FROM orders WHERE id IN (1, 170) ORDER BY id") == "14\n141\n");
    CHECK(streamed.rows("SELECT order_id, item_id, quantity FROM order_lines WHERE id IN (1, 2, 510) ORDER BY id") ==
          "1 8 1\n1 11 2\n170 37 3\n");
}

}  // namespace

TEST_CASE("NDJSON flushed in small batches gives the same SQLite database as the JSON document", "[seed][ndjson]") {
    same_database_either_way("", "", 7);
}

TEST_CASE("NDJSON flushed in batches gives the same PostgreSQL database as the JSON document", "[seed][ndjson]") {
    // 150 objects a batch: the bulk (COPY) path; 7: one INSERT ... RETURNING per table a batch.
    same_database_either_way(orm_test::create_database("ndjson_same_a"), orm_test::create_database("ndjson_same_b"), 150);
    same_database_either_way(orm_test::create_database("ndjson_same_c"), orm_test::create_database("ndjson_same_d"), 7);
}

TEST_CASE("a JSON document flushed in small batches gives the same database as one flush", "[seed][ndjson]") {
    Data data = shop_data(50, 10, 40);
    Shop once, batched;
    once.seed("shop.json", data.json, 1000000);
    batched.seed("shop.json", data.json, 3);
    CHECK(orm_test::data_snapshot(batched.url) == orm_test::data_snapshot(once.url));
}

TEST_CASE("errors at a late NDJSON line name that line and roll back every batch", "[seed][ndjson]") {
    Data data = shop_data(400, 30, 300);
    std::vector<std::pair<std::string, std::string>> cases = {
        // line 731, after 730 good ones: a wrong type
        {"{\"Order\": {\"customer\": \"@c1\", \"line_items\": [{\"item\": \"@i1\", \"quantity\": \"many\"}]}}",
         "shop.ndjson:731:74: error: /Order/line_items/0/quantity: expected an integer for column 'quantity' "
         "(SmallInteger), got a string"},
        {"{\"Order\": {\"customer\": \"@c401\"}}", "shop.ndjson:731:24: error: /Order/customer: no record has \"$id\": \"c401\""},
        {"{\"Order\": {\"customer\": \"@i3\"}}", "shop.ndjson:731:24: error: /Order/customer: '@i3' is a Item, but 'Order.customer' takes a Customer"},
        {"{\"Item\": {\"name\": \"x\", \"cost_price\": 1}}",
         "shop.ndjson:731:10: error: /Item: missing value for NOT NULL column 'selling_price' of Item"},
        {"{\"Customer\": {\"$id\": \"c7\"}}", "shop.ndjson:731:22: error: /Customer/$id: $id 'c7' is already used by another record"},
        {"{\"Order\": {\"customer\": \"@c1\"}", "shop.ndjson:731:30: error: malformed JSON: expected ',' or '}' in an object"},
    };
    Shop shop;
    std::string before = orm_test::data_snapshot(shop.url);
    for (const auto& [last, message] : cases) {
        INFO(last);
        try {
            shop.seed("shop.ndjson", data.ndjson + last + "\n", 50);
            FAIL("expected an error");
        } catch (const orm::InputError& e) {
            CHECK_THAT(std::string(e.what()), Catch::StartsWith(message));
        }
        CHECK(orm_test::data_snapshot(shop.url) == before);
    }
}

TEST_CASE("a conflict at a late NDJSON line rolls back every batch on PostgreSQL", "[seed][ndjson]") {
    Shop shop(orm_test::create_database("ndjson_late_conflict"));
    std::string before = orm_test::data_snapshot(shop.url);
    std::string text;
    for (int n = 1; n <= 3000; ++n)
        text += "{\"Item\": {\"id\": " + std::to_string(n == 3000 ? 12 : n) + ", \"name\": \"n\", \"cost_price\": 1, \"selling_price\": 2}}\n";
    try {
        shop.seed("items.ndjson", text, 200);
        FAIL("expected a conflict");
    } catch (const orm::DatabaseError& e) {
        CHECK_THAT(std::string(e.what()), Catch::StartsWith("items.ndjson:3000:10: /Item: a Item with the same primary key"));
    }
    CHECK(orm_test::data_snapshot(shop.url) == before);
    // skip: the same file loads, the repeated key left alone; run again, nothing changes.
    auto s = shop.seed("items.ndjson", text, 200, orm::seed::OnConflict::skip);
    CHECK(s.total().inserted == 2999);
    CHECK(s.total().skipped == 0);   // a record of this run repeated: not a row that was there
    std::string after = orm_test::data_snapshot(shop.url);
    s = shop.seed("items.ndjson", text, 200, orm::seed::OnConflict::skip);
    CHECK(s.total().skipped == 3000);
    CHECK(orm_test::data_snapshot(shop.url) == after);
}

TEST_CASE("forward references hold the flush back and references into flushed collections load the row", "[seed][ndjson]") {
    Shop shop;
    std::string text =
        // orders before the customer they name: nothing can be flushed until c9 is read
        "{\"Order\": {\"customer\": \"@c9\", \"date_placed\": \"2024-01-01T00:00:00\"}}\n"
        "{\"Order\": {\"$id\": \"o2\", \"date_placed\": \"2024-01-02T00:00:00\"}}\n"
        "{\"Order\": {\"$id\": \"o3\", \"customer\": \"@c9\", \"date_placed\": \"2024-01-03T00:00:00\"}}\n"
        "{\"Customer\": " + customer(9) + "}\n"
        // o2 was flushed and let go before this: it is loaded back to take its customer
        "{\"Customer\": {\"first_name\": \"G\", \"last_name\": \"H\", \"username\": \"g\", \"email\": \"g@x\", "
        "\"address\": \"a\", \"town\": \"t\", \"orders\": [\"@o2\"]}}\n";
    auto s = shop.seed("fwd.ndjson", text, 1);
    CHECK(s.total().inserted == 5);
    CHECK(shop.rows("SELECT id, customer_id FROM orders ORDER BY id") == "1 1\n2 2\n3 1\n");
}

TEST_CASE("a row the database refuses in a bulk (COPY) batch fails the seed and rolls everything back", "[seed][ndjson]") {
    Shop shop(orm_test::create_database("ndjson_copy_refused"));
    std::string before = orm_test::data_snapshot(shop.url);
    std::string text;
    for (int n = 1; n <= 300; ++n) text += "{\"Customer\": " + customer(n) + "}\n";
    // 150 orders, one naming a customer that does not exist: the foreign key is checked by the server.
    for (int n = 1; n <= 150; ++n)
        text += n == 140 ? std::string("{\"Order\": {\"customer_id\": 99999}}\n")
                         : "{\"Order\": {\"customer\": \"@c" + std::to_string(n) + "\"}}\n";
    try {
        shop.seed("refused.ndjson", text, 200);
        FAIL("expected the database to refuse the rows");
    } catch (const orm::DatabaseError& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("foreign key") && Catch::Contains("orders"));
    }
    CHECK(orm_test::data_snapshot(shop.url) == before);
    // Without the bad row the same batches load (keys drawn by the failed run are not reused, as with any
    // rolled-back INSERT on PostgreSQL).
    text.replace(text.find("\"customer_id\": 99999"), 20, "\"customer\": \"@c140\"");
    auto s = shop.seed("refused.ndjson", text, 200);
    CHECK(s.total().inserted == 450);
    CHECK(shop.rows("SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id") == "150\n");
}
