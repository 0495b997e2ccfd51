// The query-expression reader: SPEC §7's grammar read through the shared
// Python parser into a session Query, and every expression outside it
// refused with its location before anything runs.
#include <catch2/catch.hpp>

#include <sstream>

#include "orm/core/error.hpp"
#include "orm/query/output.hpp"
#include "orm/query/reader.hpp"
#include "session/session_helpers.hpp"

using namespace orm;
using query::Terminal;

namespace {

struct Fixture {
    std::unique_ptr<session_test::Db> db = session_test::make_db(session_test::shop_models());
    session::Session s{db->engine(), *db->registry};

    query::ReadQuery read(const std::string& text) {
        return query::read_query(std::make_shared<SourceFile>("<query>", text), s);
    }
    // The InputError's whole message for `text` (fails the test when it reads).
    std::string error(const std::string& text) {
        try {
            read(text);
        } catch (const InputError& e) {
            return e.what();
        }
        FAIL("read without error: " << text);
        return "";
    }
    std::string run(const std::string& text, query::Format f = query::Format::repr) {
        auto q = read(text);
        std::ostringstream out;
        query::run_query(q, f, out);
        return out.str();
    }
};

}  // namespace

TEST_CASE("query reader: a bare class name is session.query(Class).all()") {
    Fixture f;
    auto q = f.read("Customer");
    CHECK(q.terminal == Terminal::all);
    REQUIRE(q.query->entities().size() == 1);
    CHECK(q.query->entities()[0].mapper->class_name() == "Customer");
}

TEST_CASE("query reader: terminals and the select list") {
    Fixture f;
    CHECK(f.read("session.query(Customer.id, Customer.first_name)").terminal == Terminal::all);
    CHECK(f.read("session.query(Customer).first()").terminal == Terminal::first);
    CHECK(f.read("session.query(Customer).one()").terminal == Terminal::one);
    CHECK(f.read("session.query(Customer).one_or_none()").terminal == Terminal::one_or_none);
    CHECK(f.read("session.query(Customer.id).scalar()").terminal == Terminal::scalar);
    CHECK(f.read("session.query(Customer).count()").terminal == Terminal::count);
    auto get = f.read("session.query(Customer).get(3)");
    CHECK(get.terminal == Terminal::get);
    CHECK(get.get_key == std::vector<session::Value>{session::Value(3)});
    auto cols = f.read("session.query(Customer.id, func.count(Order.id), Customer.first_name.label('n'), Customer.id + 1)");
    std::vector<std::string> names;
    for (const auto& e : cols.query->entities()) names.push_back(e.name);
    CHECK(names == std::vector<std::string>{"id", "count", "n", ""});
}

TEST_CASE("query reader: builders reach the statement") {
    Fixture f;
    auto q = f.read("session.query(Customer.id).join(Order).filter(Order.id > 1, Customer.town == 'x')"
                    ".group_by(Customer.id).having(func.count(Order.id) > 1).order_by(Customer.id.desc())"
                    ".limit(5).offset(2).distinct()");
    auto s = q.query->statement();
    CHECK(s.where.size() == 2);
    CHECK(s.group_by.size() == 1);
    CHECK(s.having.size() == 1);
    CHECK(s.order_by.size() == 1);
    CHECK(s.limit == 5);
    CHECK(s.offset == 2);
    CHECK(s.distinct);
    REQUIRE(s.from.size() == 1);
    CHECK(s.from[0].joins.at(0).table->name == "orders");
    auto e = f.read("session.query(Customer).options(joinedload(Customer.orders).selectinload(Order.line_items))");
    REQUIRE(e.query->eager_loads().size() == 1);
    CHECK(e.query->eager_loads()[0].relationship->key == "orders");
    CHECK(e.query->eager_loads()[0].children.at(0).relationship->key == "line_items");
}

TEST_CASE("query reader: errors point at the offending text") {
    Fixture f;
    CHECK_THAT(f.error("session.query(Customr)"), Catch::StartsWith("<query>:1:15: error: name 'Customr' is not defined"));
    CHECK_THAT(f.error("session.query(Customer.nme)"),
               Catch::StartsWith("<query>:1:24: error: type object 'Customer' has no attribute 'nme'"));
    CHECK_THAT(f.error("session.query(Customer).delete()"), Catch::Contains("Query.delete() is not allowed"));
    CHECK_THAT(f.error("session.query(Customer).with_entities(Customer.id)"), Catch::Contains("is not allowed"));
    CHECK_THAT(f.error("session.query(Customer).frobnicate()"), Catch::Contains("'Query' object has no attribute 'frobnicate'"));
    CHECK_THAT(f.error("__import__('os')"), Catch::StartsWith("<query>:1:1: error: '__import__' is not allowed"));
    CHECK_THAT(f.error("eval('1')"), Catch::Contains("'eval' is not allowed"));
    CHECK_THAT(f.error("session.query(Customer.id + 'x')"),
               Catch::Contains("unsupported operand types for +: Integer column 'customers.id' and str 'x'"));
    CHECK_THAT(f.error("session.query(Item.name * 2)"), Catch::Contains("unsupported operand types for *"));
    CHECK_THAT(f.error("session.query(Customer).filter(not Customer.id == 1)"),
               Catch::Contains("Boolean value of this clause is not defined"));
    CHECK_THAT(f.error("session.query(Customer).filter(1 < Customer.id < 3)"), Catch::Contains("chained comparisons"));
    CHECK_THAT(f.error("session.query(Customer).filter(Customer.id in [1, 2])"), Catch::Contains("use column.in_"));
    CHECK_THAT(f.error("session.query(Customer).limit('3')"), Catch::Contains("limit() takes an integer, got str"));
    CHECK_THAT(f.error("session.query(func.pg_terminate_backend(1))"), Catch::Contains("func.pg_terminate_backend is not allowed"));
    CHECK_THAT(f.error("session.query(Customer).options(joinedload(Order.line_items))"),
               Catch::Contains("does not apply to any of the root entities"));
    CHECK_THAT(f.error("session.query(Customer).options(joinedload(Customer.orders).joinedload(OrderLine.item))"),
               Catch::Contains("does not link from element"));
    CHECK_THAT(f.error("session.query(Customer).join(Item)"), Catch::Contains("Don't know how to join to"));
    CHECK_THAT(f.error("session.query(Customer).all().count()"), Catch::Contains("cannot follow a terminal method"));
    CHECK_THAT(f.error("session.query(Customer).filter(Customer.orders.has())"),
               Catch::Contains("'has()' not implemented for collections.  Use any()."));
    CHECK_THAT(f.error("session.query(Order).filter(Order.customer.any())"),
               Catch::Contains("'any()' not implemented for scalar attributes. Use has()."));
    CHECK_THAT(f.error("session.query(Customer).filter(Customer.orders.any(nope=1))"),
               Catch::Contains("type object 'Order' has no attribute 'nope'"));
    CHECK_THAT(f.error("session.query(Customer).filter(Customer.orders.count())"),
               Catch::Contains("relationship 'Customer.orders' has no method 'count'"));
    CHECK_THAT(f.error("session.query(aliased(Customer.id))"), Catch::Contains("aliased() takes a mapped class"));
    CHECK_THAT(f.error("session.query(Customer).join((c := aliased(Customer)).orders)"),
               Catch::Contains("relationships of an aliased() class are not supported"));
    CHECK_THAT(f.error("session.query(aliased(Customer, name=''))"), Catch::Contains("name= takes a non-empty string"));
    CHECK_THAT(f.error("session.query((c := aliased(Customer))).options(joinedload(Customer.orders))"),
               Catch::Contains("does not apply to any of the root entities"));
    CHECK_THAT(f.error("session.query(Customer).get(1, 2)"), Catch::Contains("get() takes 1 positional argument"));
    CHECK_THAT(f.error("session.query(Customer"), Catch::StartsWith("<query>:1:"));
    CHECK_THAT(f.error("Customer.id"), Catch::Contains("expected a query"));
    // Nothing ran: reading never touches the database.
    CHECK(f.db->echo->empty());
}

TEST_CASE("query reader: Python's reflected comparison keeps its meaning") {
    Fixture f;
    auto q = f.read("session.query(Customer.id).filter(2 < Customer.id)");
    auto w = q.query->statement().where.at(0);
    CHECK(w->op == ">");
    CHECK(w->args[0]->kind == sql::ExprKind::Column);
}

TEST_CASE("query reader: runs end to end on SQLite with repr output") {
    Fixture f;
    auto c = f.s.create("Customer", {{"first_name", "O'Brien"}, {"last_name", "x"}, {"username", "ob"},
                                     {"email", "e"}, {"address", "a"}, {"town", "t"}});
    f.s.add(c);
    f.s.commit();
    // Python's repr picks double quotes around a text holding a single quote.
    CHECK(f.run("session.query(Customer.id, Customer.first_name).all()") == "[(1, \"O'Brien\")]\n");
    CHECK(f.run("session.query(Customer.first_name).filter(Customer.id == 1).scalar()", query::Format::json) ==
          "\"O'Brien\"\n");
    CHECK(f.run("session.query(Customer.id).filter(Customer.id == 5).first()") == "None\n");
}
