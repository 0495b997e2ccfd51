// Query over the Session: entities through the identity map, joins inferred
// from relationships and foreign keys, eager loads (joinedload as one
// joined SELECT) that change nothing, rows folded as the legacy Query folds
// them, SQLAlchemy's terminal semantics, and a streaming cursor.
#include <catch2/catch.hpp>

#include "orm/session/query.hpp"
#include "session_helpers.hpp"
#include "support/pg_cluster.hpp"

using namespace orm;
using namespace orm::session;
using sql::Literal;

namespace {

void add_shop(Session& s) {
    auto c1 = s.create("Customer", {{"first_name", "Toby"}, {"last_name", "Miller"}, {"username", "tmiller"},
                                    {"email", "t@x"}, {"address", "a"}, {"town", "Wolfden"}});
    auto c2 = s.create("Customer", {{"first_name", "John"}, {"last_name", "Lara"}, {"username", "johnlara"},
                                    {"email", "j@x"}, {"address", "b"}, {"town", "Norfolk"}});
    auto i1 = s.create("Item", {{"name", "Chair"}, {"cost_price", Value::decimal("9.21")},
                                {"selling_price", Value::decimal("10.81")}, {"quantity", 5}});
    auto o1 = s.create("Order", {{"customer", c1}});
    auto o2 = s.create("Order", {{"customer", c1}});
    s.add_all({c1, c2, i1, o1, o2});
    s.add(s.create("OrderLine", {{"order", o1}, {"item", i1}, {"quantity", 3}}));
    s.commit();
}

sql::ExprPtr lit(Literal l) { return sql::bind(std::move(l)); }

// The last SELECT echoed.
std::string last_select(const session_test::Db& db) {
    for (auto it = db.echo->rbegin(); it != db.echo->rend(); ++it)
        if (it->rfind("SELECT", 0) == 0) return *it;
    return "";
}

void run_query_checks(bool postgresql) {
    // A fresh database for every section run.
    std::string url = postgresql ? orm_test::create_database("session_query") : "";
    auto db = session_test::make_db(session_test::shop_models(), url);
    Session s(db->engine(), *db->registry);
    add_shop(s);
    const Mapper& customer = *db->registry->mapper("Customer");
    const Mapper& order = *db->registry->mapper("Order");
    const Mapper& item = *db->registry->mapper("Item");

    SECTION("entities come from the identity map") {
        auto first = s.get("Customer", 1);
        Query q(s, {QueryEntity::entity(customer)});
        q.order_by({Query::column(customer, "id")});
        auto rows = q.all();
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].objects[0] == first);   // the very same object
        CHECK(rows[1].objects[0]->get("first_name") == Value("John"));
        CHECK(Query(s, {QueryEntity::entity(customer)}).filter(sql::compare("=", Query::column(customer, "id"), lit(Literal::integer(2)))).one().objects[0] == rows[1].objects[0]);
    }
    SECTION("a streaming cursor without objects yields converted values only") {
        Query q(s, {QueryEntity::entity(item)});
        auto cur = q.iterate(false);
        REQUIRE(cur.next());
        CHECK(cur.row().objects[0] == nullptr);
        CHECK(cur.row().cells[2] == Value::decimal("9.21"));
        CHECK(cur.row().cells[2].kind() == Value::Kind::decimal);
        CHECK_FALSE(cur.next());
    }
    SECTION("joins: relationship, inferred foreign key, explicit on-clause") {
        auto count_of = [&](Query q) { return q.count(); };
        Query by_rel(s, {QueryEntity::column(Query::column(customer, "first_name"))});
        by_rel.join(JoinTarget{nullptr, customer.relationship("orders"), nullptr, ""});
        CHECK(count_of(by_rel) == 2);
        Query by_fk(s, {QueryEntity::column(Query::column(customer, "first_name"))});
        by_fk.join(JoinTarget{&order, nullptr, nullptr, ""});
        CHECK(by_fk.statement().from.at(0).joins.at(0).table == &order.table());
        CHECK(count_of(by_fk) == 2);
        Query outer(s, {QueryEntity::column(Query::column(customer, "id")), QueryEntity::column(Query::column(order, "id"))});
        outer.outerjoin(JoinTarget{&order, nullptr, sql::compare("=", Query::column(customer, "id"), Query::column(order, "customer_id")), ""});
        CHECK(count_of(outer) == 3);   // John has no order: one row with NULL
        Query none(s, {QueryEntity::entity(customer)});
        CHECK_THROWS_WITH(none.join(JoinTarget{&item, nullptr, nullptr, ""}), Catch::Contains("Don't know how to join to Mapper[Item(items)]"));
    }
    SECTION("eager loads attach related objects and leave nothing to flush") {
        Query q(s, {QueryEntity::entity(customer)});
        q.options(EagerLoad{customer.relationship("orders"), LoadStrategy::selectin, {}});
        q.order_by({Query::column(customer, "id")});
        auto rows = q.all();
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].objects[0]->collection("orders").size() == 2);
        CHECK(rows[1].objects[0]->collection("orders").empty());
        size_t before = db->echo->size();
        s.flush();
        CHECK(db->echo->size() == before);   // nothing dirty: no statement
        CHECK(s.dirty().empty());
    }
    SECTION("joinedload is one SELECT with a LEFT OUTER JOIN under an alias, each parent once") {
        Query q(s, {QueryEntity::entity(customer)});
        q.options(EagerLoad{customer.relationship("orders"), LoadStrategy::joined, {}});
        q.order_by({Query::column(customer, "id")});
        size_t before = db->count("SELECT");
        auto rows = q.all();
        CHECK(db->count("SELECT") == before + 1);
        std::string sql = last_select(*db);
        CHECK_THAT(sql, Catch::Contains("FROM customers LEFT OUTER JOIN orders AS orders_1 ON customers.id = orders_1.customer_id"));
        REQUIRE(rows.size() == 2);   // Toby's two orders are two rows of the join, folded into one parent
        CHECK(rows[0].objects[0]->collection("orders").size() == 2);
        CHECK(rows[1].objects[0]->collection("orders").empty());
    }
    SECTION("joinedload of a collection with LIMIT limits parents through a subquery") {
        Query q(s, {QueryEntity::entity(customer)});
        q.options(EagerLoad{customer.relationship("orders"), LoadStrategy::joined, {}});
        q.order_by({Query::column(customer, "id")}).limit(1);
        auto rows = q.all();
        std::string sql = last_select(*db);
        CHECK_THAT(sql, Catch::Contains(") AS anon_1 LEFT OUTER JOIN orders AS orders_1 ON anon_1.customers_id = orders_1.customer_id"));
        CHECK_THAT(sql, Catch::EndsWith("ORDER BY anon_1.customers_id"));
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].objects[0]->collection("orders").size() == 2);   // not cut to one by the LIMIT
    }
    SECTION("an entity read over a join comes back once, as the legacy Query folds rows") {
        Query q(s, {QueryEntity::entity(customer)});
        q.join(JoinTarget{&order, nullptr, nullptr, ""});
        CHECK(q.unique_rows());
        auto rows = q.all();
        REQUIRE(rows.size() == 1);   // Toby has two orders
        CHECK(Query(q).one().objects[0] == rows[0].objects[0]);
        Query columns(s, {QueryEntity::column(Query::column(customer, "id"))});
        columns.join(JoinTarget{&order, nullptr, nullptr, ""});
        CHECK_FALSE(columns.unique_rows());   // tuples of columns are not folded
        CHECK(columns.all().size() == 2);
        CHECK_FALSE(Query(s, {QueryEntity::entity(customer)}).unique_rows());   // one table: rows are distinct already
    }
    SECTION("terminals: first, one, one_or_none, scalar, count, get") {
        Query q(s, {QueryEntity::column(Query::column(customer, "id"))});
        CHECK(q.count() == 2);
        CHECK(Query(q).first()->cells[0] == Value(1));
        CHECK_THROWS_WITH(Query(q).one(), "MultipleResultsFound: Multiple rows were found when exactly one was required");
        CHECK_THROWS_WITH(Query(q).one_or_none(), "MultipleResultsFound: Multiple rows were found when one or none was required");
        CHECK_THROWS_AS(Query(q).scalar(), ConditionFailed);
        Query none = q;
        none.filter(sql::compare(">", Query::column(customer, "id"), lit(Literal::integer(10))));
        CHECK_THROWS_WITH(Query(none).one(), "NoResultFound: No row was found when one was required");
        CHECK_FALSE(Query(none).one_or_none());
        CHECK_FALSE(Query(none).scalar());
        CHECK_FALSE(Query(none).first());
        CHECK(Query(s, {QueryEntity::entity(customer)}).get({Value(2)})->get("username") == Value("johnlara"));
        CHECK(Query(s, {QueryEntity::entity(customer)}).get({Value(99)}) == nullptr);
        Query limited = q;
        limited.order_by({sql::ordering(Query::column(customer, "id"), true)}).limit(1).offset(0);
        CHECK(limited.one().cells[0] == Value(2));
    }
    SECTION("filter_by applies to the last joined entity") {
        Query q(s, {QueryEntity::column(Query::column(customer, "id"))});
        q.join(JoinTarget{&order, nullptr, nullptr, ""}).filter_by({{"id", lit(Literal::integer(2))}});
        auto rows = q.all();
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].cells[0] == Value(1));
        CHECK_THROWS_WITH(Query(s, {QueryEntity::entity(customer)}).filter_by({{"nope", lit(Literal::integer(1))}}),
                          "Entity namespace for \"customers\" has no property \"nope\"");
    }
}

}  // namespace

TEST_CASE("session query on SQLite") { run_query_checks(false); }

TEST_CASE("session query on PostgreSQL") { run_query_checks(true); }
