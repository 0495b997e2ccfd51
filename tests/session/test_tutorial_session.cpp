// The tutorial's "Inserting Data", through the C++ session API the way the
// tutorial uses SQLAlchemy's Session.
#include "session_helpers.hpp"
#include "support/pg_cluster.hpp"
#include "support/fixtures.hpp"

using namespace session_test;
using orm::session::Session;
using orm::session::Value;

namespace {

void tutorial(const std::string& url) {
    auto db = make_db(shop_models(), url);
    Session session(db->engine(), *db->registry);

    auto c1 = session.create("Customer", {{"first_name", "Toby"}, {"last_name", "Miller"}, {"username", "tmiller"},
                                          {"email", "tmiller@example.com"}, {"address", "1662 Kinney Street"},
                                          {"town", "Wolfden"}});
    auto c2 = session.create("Customer", {{"first_name", "Scott"}, {"last_name", "Harvey"},
                                          {"username", "scottharvey"}, {"email", "scottharvey@example.com"},
                                          {"address", "424 Patterson Street"}, {"town", "Beckinsdale"}});
    CHECK(c1->get("id").is_null());
    session.add_all({c1, c2});
    session.add(c1);  // adding twice is harmless
    CHECK(session.new_().size() == 2);
    session.commit();
    CHECK(session.new_().empty());
    CHECK(c1->get("id") == Value(1));
    CHECK(c2->get("id") == Value(2));
    CHECK(c1->get("created_on").kind() == Value::Kind::datetime);
    CHECK(c1->get("updated_on").kind() == Value::Kind::datetime);

    auto i1 = session.create("Item", {{"name", "Chair"}, {"cost_price", Value::decimal("9.21")},
                                      {"selling_price", Value::decimal("10.81")}, {"quantity", 5}});
    auto i2 = session.create("Item", {{"name", "Pen"}, {"cost_price", Value::decimal("3.45")},
                                      {"selling_price", Value::decimal("4.51")}, {"quantity", 3}});
    session.add_all({i1, i2});
    session.commit();
    CHECK(i2->get("id") == Value(2));

    auto o1 = session.create("Order", {{"customer", c1}});
    auto o2 = session.create("Order", {{"customer", c1}});
    auto l1 = session.create("OrderLine", {{"order", o1}, {"item", i1}, {"quantity", 3}});
    auto l2 = session.create("OrderLine", {{"order", o1}, {"item", i2}, {"quantity", 2}});
    auto l3 = session.create("OrderLine", {{"order", o2}, {"item", i1}, {"quantity", 1}});
    auto l4 = session.create("OrderLine", {{"order", o2}, {"item", i2}, {"quantity", 4}});
    // Backrefs: the lines show up in their orders, the orders in the customer.
    REQUIRE(o1->collection("line_items").size() == 2);
    CHECK(o1->collection("line_items")[0] == l1);
    CHECK(o2->collection("line_items")[1] == l4);
    CHECK(c1->collection("orders").size() == 2);

    session.add_all({o1, o2});
    CHECK(session.new_().size() == 6);   // the lines come along by cascade
    session.commit();
    CHECK(o2->get("id") == Value(2));
    CHECK(l4->get("id") == Value(4));
    CHECK(l4->get("order_id") == Value(2));
    CHECK(l4->get("item_id") == Value(2));
    CHECK(o1->get("customer_id") == Value(1));
    CHECK(rows(*db, "SELECT id, order_id, item_id, quantity FROM order_lines ORDER BY id") ==
          "1, 1, 1, 3\n2, 1, 2, 2\n3, 2, 1, 1\n4, 2, 2, 4\n");
    // Exact digits: REAL on SQLite (as SQLAlchemy stores them), numeric text from PostgreSQL.
    CHECK(rows(*db, "SELECT id, name, cost_price, selling_price FROM items ORDER BY id") ==
          (url.empty() ? "1, 'Chair', 9.21, 10.81\n2, 'Pen', 3.45, 4.51\n"
                       : "1, 'Chair', '9.21', '10.81'\n2, 'Pen', '3.45', '4.51'\n"));
    if (url.empty()) {
        CHECK(rows(*db, "SELECT count(*) FROM orders WHERE date_placed LIKE '____-__-__ __:__:__.______'") == "2\n");
    } else {
        CHECK(rows(*db, "SELECT count(*) FROM orders WHERE date_placed > now() - interval '1 hour'") == "2\n");
        // PostgreSQL: the batch of four lines was one INSERT ... RETURNING.
        CHECK(db->count("INSERT INTO order_lines ") == 1);
    }
}

}  // namespace

TEST_CASE("tutorial: customers and items and orders and lines through the session on SQLite", "[session][tutorial]") {
    tutorial("");
}

TEST_CASE("tutorial: customers and items and orders and lines through the session on PostgreSQL", "[session][tutorial]") {
    tutorial(orm_test::create_database("session_tutorial"));
}

TEST_CASE("the tutorial's Order.line_items with secondary order_lines fails like SQLAlchemy's NoForeignKeysError",
          "[session][relationships]") {
    auto text = orm_test::read_file(orm_test::reference_dir() / "tutorial_models.py");
    auto models = orm_test::read_models(text, "tutorial_models.py");
    orm::session::Registry registry(models.metadata, models.mappers, models.source);
    try {
        registry.configure();
        FAIL("expected an InputError");
    } catch (const orm::InputError& e) {
        std::string what = e.what();
        INFO(what);
        CHECK_THAT(what, Catch::Contains("tutorial_models.py:43:"));
        CHECK_THAT(what, Catch::Contains("NoForeignKeysError: Could not determine join condition between parent/child "
                                         "tables on relationship Order.line_items - there are no foreign keys linking "
                                         "these tables via secondary table 'order_lines'"));
        CHECK(e.category() == orm::ErrorCategory::invalid_input);
    }
}
