// The tutorial's models file (SPEC §1, shared/reference/tutorial_models.py)
// read into exactly the tables SQLAlchemy 1.4.46 builds from it.
#include <fstream>
#include <sstream>

#include "read_helpers.hpp"

using namespace decl_test;
using orm::schema::TypeKind;

TEST_CASE("the tutorial models file reads into SQLAlchemy's tables", "[declarative][tutorial]") {
    auto m = orm::declarative::read_models_file(std::string(ORM_REFERENCE_DIR) + "/tutorial_models.py");
    REQUIRE(m.metadata.tables.size() == 4);
    CHECK(m.metadata.tables[0]->name == "customers");
    CHECK(m.metadata.tables[1]->name == "items");
    CHECK(m.metadata.tables[2]->name == "orders");
    CHECK(m.metadata.tables[3]->name == "order_lines");
    REQUIRE(m.engine_url);
    CHECK(*m.engine_url == "postgres+psycopg2://postgres:pass@localhost/sqlalchemy_tuts");
    CHECK(m.engine_url_loc.line == 13);

    const auto& customers = table(m, "customers");
    CHECK(column_names(customers) ==
          std::vector<std::string>{"id", "first_name", "last_name", "username", "email", "created_on", "updated_on"});
    CHECK(customers.primary_key.columns == std::vector<std::string>{"id"});
    CHECK(column(customers, "id").type.kind == TypeKind::Integer);
    CHECK_FALSE(column(customers, "id").nullable);
    CHECK(column(customers, "first_name").type.kind == TypeKind::String);
    CHECK(column(customers, "first_name").type.length == 100);
    CHECK_FALSE(column(customers, "first_name").nullable);
    CHECK(column(customers, "email").type.length == 200);
    const auto& created = column(customers, "created_on");
    CHECK(created.type.kind == TypeKind::DateTime);
    CHECK(created.nullable);
    REQUIRE(created.default_value);
    CHECK(created.default_value->kind == orm::schema::ColumnDefault::Kind::Callable);
    CHECK(created.default_value->callable == "datetime.now");
    REQUIRE(column(customers, "updated_on").onupdate);
    CHECK(column(customers, "updated_on").onupdate->callable == "datetime.now");

    const auto& items = table(m, "items");
    CHECK(column(items, "cost_price").type.kind == TypeKind::Numeric);
    CHECK(column(items, "cost_price").type.precision == 10);
    CHECK(column(items, "cost_price").type.scale == 2);

    const auto& orders = table(m, "orders");
    REQUIRE(orders.foreign_keys.size() == 1);
    CHECK(orders.foreign_keys[0].columns == std::vector<std::string>{"customer_id"});
    CHECK(orders.foreign_keys[0].referred_table == "customers");
    CHECK(orders.foreign_keys[0].referred_columns == std::vector<std::string>{"id"});
    CHECK(orders.foreign_keys[0].from_column);
    CHECK(column(orders, "customer_id").nullable);

    const auto& lines = table(m, "order_lines");
    REQUIRE(lines.foreign_keys.size() == 2);
    CHECK(lines.foreign_keys[0].referred_table == "orders");
    CHECK(lines.foreign_keys[1].referred_table == "items");
    CHECK(lines.foreign_keys[0].creation_order < lines.foreign_keys[1].creation_order);
    CHECK(column(lines, "quantity").type.kind == TypeKind::SmallInteger);

    REQUIRE(m.mappers.size() == 4);
    const auto& customer = mapper(m, "Customer");
    CHECK(customer.table == "customers");
    REQUIRE(customer.relationships.size() == 1);
    CHECK(customer.relationships[0].key == "orders");
    CHECK(customer.relationships[0].target == "Order");
    CHECK(customer.relationships[0].backref == "customer");
    CHECK(customer.relationships[0].loc.line == 26);
    CHECK(customer.attribute_order == std::vector<std::string>{"orders", "id", "first_name", "last_name", "username", "email", "created_on", "updated_on"});
    CHECK(customer.primary_key == std::vector<std::string>{"id"});

    const auto& order = mapper(m, "Order");
    REQUIRE(order.relationships.size() == 1);
    CHECK(order.relationships[0].key == "line_items");
    CHECK(order.relationships[0].secondary == "order_lines");
    CHECK(order.relationships[0].backref == "order");

    const auto& line = mapper(m, "OrderLine");
    REQUIRE(line.relationships.size() == 1);
    CHECK(line.relationships[0].target == "Item");
    CHECK_FALSE(line.relationships[0].backref);
    CHECK(line.columns.size() == 4);
    CHECK(line.columns[1].key == "order_id");
}
