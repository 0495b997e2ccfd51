// orm query against SQLAlchemy 1.4's Query on the same seeded shop database,
// SQLite and PostgreSQL: for every expression, `orm query --format json`
// prints exactly what sa_query.py derives from SQLAlchemy's result (rows,
// order, values, value types), `--format repr` equals Python's repr() of
// SQLAlchemy's result for tuple and scalar results, and NoResultFound /
// MultipleResultsFound are exit 1 with SQLAlchemy's message.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <sstream>

#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

std::string shop_models() { return (source_dir() / "share/examples/shop/models.py").string(); }
std::string shop_seed() { return (source_dir() / "share/examples/shop/seed.json").string(); }
std::string driver() { return (source_dir() / "tests/differential/sa_query.py").string(); }

// Every builder, terminal and operator of SPEC §7.
const std::vector<std::string> kExpressions = {
    // terminals
    "Customer",
    "session.query(Customer).all()",
    "session.query(Customer)",
    "session.query(Customer.id, Customer.first_name).all()",
    "session.query(Customer).count()",
    "session.query(Customer).filter(Customer.town == 'Norfolk').count()",
    "session.query(Customer.first_name).order_by(Customer.first_name).distinct().count()",
    "session.query(Customer).first()",
    "session.query(Customer.id, Customer.created_on).order_by(Customer.id).first()",
    "session.query(Customer.id).filter(Customer.id > 100).first()",
    "session.query(Customer.first_name).filter(Customer.id == 2).scalar()",
    "session.query(Customer.id).filter(Customer.id > 100).scalar()",
    "session.query(Customer.id).scalar()",
    "session.query(Customer).filter(Customer.id == 3).one()",
    "session.query(Customer.id, Customer.username).filter(Customer.id == 3).one()",
    "session.query(Customer).filter(Customer.town == 'Norfolk').one()",
    "session.query(Customer).filter(Customer.id == 99).one()",
    "session.query(Customer.id).filter(Customer.id == 99).one_or_none()",
    "session.query(Customer.id).filter(Customer.id == 4).one_or_none()",
    "session.query(Customer).filter(Customer.town == 'Norfolk').one_or_none()",
    "session.query(Customer).get(2)",
    "session.query(Customer).get(99)",
    "session.query(func.count(Customer.id)).scalar()",
    "session.query(func.count(Customer.id)).all()",
    "session.query(func.count()).select_from(Customer).scalar()",
    // filters and operators
    "session.query(Customer.id, Customer.first_name).filter(Customer.town == 'Norfolk').order_by(Customer.id.desc()).limit(3).all()",
    "session.query(Customer.id).filter(Customer.id != 3).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.id < 3).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.id <= 3, Customer.id >= 2).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(2 < Customer.id).order_by(Customer.id).all()",
    "session.query(Item.name, Item.selling_price).filter(Item.selling_price > 20).order_by(Item.selling_price).all()",
    "session.query(Item.name).filter(Item.cost_price >= 20.1).order_by(Item.id).all()",
    "session.query(Item.name).filter(Item.cost_price == Decimal('20.10')).order_by(Item.id).all()",
    "session.query(Customer.id).filter(Customer.first_name.like('S%')).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.first_name.not_like('S%')).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.first_name.ilike('s%')).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.last_name.startswith('Mil')).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.email.endswith('mail.com')).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.address.contains('Street')).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.id.in_([1, 3, 5])).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.id.not_in([1, 3, 5])).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.id.notin_([2])).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.id.in_([])).all()",
    "session.query(Customer.id).filter(Customer.id.between(2, 4)).order_by(Customer.id).all()",
    "session.query(Item.id).filter(Item.selling_price.between(10, 30)).order_by(Item.id).all()",
    "session.query(Order.id).filter(Order.customer_id.is_(None)).all()",
    "session.query(Order.id).filter(Order.customer_id.is_not(None)).order_by(Order.id).all()",
    "session.query(Order.id).filter(Order.customer_id != None).order_by(Order.id).all()",
    "session.query(Item.name).filter(Item.quantity == None).all()",
    "session.query(Customer.id).filter((Customer.town == 'Norfolk') | (Customer.id == 1)).order_by(Customer.id).all()",
    "session.query(Customer.id).filter((Customer.town == 'Norfolk') & (Customer.first_name == 'John')).all()",
    "session.query(Customer.id).filter(and_(Customer.id > 1, Customer.id < 5)).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(or_(Customer.first_name == 'Toby', Customer.last_name == 'Tomlin')).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(~(Customer.town == 'Norfolk')).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(not_(Customer.id.in_([1, 2]))).order_by(Customer.id).all()",
    "session.query(Customer.id).filter_by(town='Norfolk', first_name='John').all()",
    "session.query(Customer).filter(Customer.id.in_([2, 4])).order_by(Customer.id).all()",
    // arithmetic, functions, labels, literals, CASE
    "session.query(Item.name, Item.selling_price - Item.cost_price).order_by(Item.id).all()",
    "session.query(Item.name, (Item.selling_price * 2).label('double')).order_by(Item.id).all()",
    "session.query(Item.name, Item.cost_price * Item.quantity).order_by(Item.id).all()",
    "session.query(Item.quantity + 1, Item.quantity * 2 - 1, Item.quantity / 2, Item.quantity % 3).order_by(Item.id).all()",
    "session.query(-Item.quantity).order_by(Item.id).all()",
    "session.query(Customer.first_name + ' ' + Customer.last_name).order_by(Customer.id).all()",
    "session.query(func.sum(Item.cost_price), func.min(Item.selling_price), func.max(Item.selling_price)).one()",
    "session.query(func.avg(Item.quantity)).scalar()",
    "session.query(func.lower(Customer.first_name), func.upper(Customer.last_name), func.length(Customer.username)).order_by(Customer.id).all()",
    "session.query(func.coalesce(Order.customer_id, 0)).order_by(Order.id).all()",
    "session.query(Customer.id, literal(5), literal('x')).order_by(Customer.id).limit(2).all()",
    "session.query(Customer.id, case((Customer.town == 'Norfolk', 'N'), else_='other')).order_by(Customer.id).all()",
    "session.query(Customer.id == 1, Customer.first_name.ilike('TOBY')).order_by(Customer.id).all()",
    // group_by / having
    "session.query(Customer.town, func.count(Customer.id)).group_by(Customer.town).order_by(Customer.town).all()",
    "session.query(Customer.town, func.count(Customer.id).label('n')).group_by(Customer.town).having(func.count(Customer.id) > 1).order_by(Customer.town).all()",
    "session.query(Order.id, func.sum(OrderLine.quantity)).join(OrderLine).group_by(Order.id).having(func.sum(OrderLine.quantity) >= 5).order_by(Order.id).all()",
    "session.query(Item.name, func.sum(OrderLine.quantity * Item.selling_price)).join(OrderLine).group_by(Item.name).order_by(Item.name).all()",
    // joins
    "session.query(Customer.first_name, Order.id).join(Order).order_by(Order.id).all()",
    "session.query(Customer.first_name, Order.id).join(Customer.orders).order_by(Order.id).all()",
    "session.query(Customer.first_name, Order.id).join(Order, Customer.id == Order.customer_id).order_by(Order.id).all()",
    "session.query(Order.id, Customer.username).join(Order.customer).order_by(Order.id).all()",
    "session.query(Customer.id, Order.id).outerjoin(Order).order_by(Customer.id, Order.id).all()",
    "session.query(Customer.id, Order.id).join(Order, isouter=True).order_by(Customer.id, Order.id).all()",
    "session.query(Customer.id, func.count(Order.id)).outerjoin(Customer.orders).group_by(Customer.id).order_by(Customer.id).all()",
    "session.query(OrderLine.id, Item.name).join(Item).order_by(OrderLine.id).all()",
    "session.query(Order.id, Item.name).join(Order.line_items).join(OrderLine.item).order_by(OrderLine.id).all()",
    "session.query(Customer.username).join(Order).join(OrderLine).join(Item).filter(Item.name == 'Pen').distinct().all()",
    "session.query(OrderLine).select_from(Order).join(Order.line_items).filter(Order.id == 2).order_by(OrderLine.id).all()",
    "session.query(Customer.id).join(Order).filter_by(id=2).all()",
    "session.query(Customer, Order).join(Order).order_by(Order.id).all()",
    "session.query(Customer, Order.id).outerjoin(Order).order_by(Customer.id, Order.id).all()",
    // distinct, order_by, limit, offset
    "session.query(Customer.town).distinct().order_by(Customer.town).all()",
    "session.query(Customer.id).order_by(Customer.id).offset(2).all()",
    "session.query(Customer.id).order_by(Customer.id).limit(2).offset(1).all()",
    "session.query(Customer.id).order_by(desc(Customer.id)).limit(2).all()",
    "session.query(Customer.id).order_by(asc(Customer.last_name), Customer.id.desc()).all()",
    "session.query(Customer.id).order_by(Customer.id.desc()).order_by(None).order_by(Customer.id).all()",
    "session.query(Item).order_by(Item.selling_price.desc()).offset(1).limit(3).all()",
    // eager loading
    "session.query(Customer).options(joinedload(Customer.orders)).filter(Customer.id <= 2).order_by(Customer.id).all()",
    "session.query(Customer).options(selectinload(Customer.orders)).order_by(Customer.id).all()",
    "session.query(Order).options(joinedload(Order.line_items).joinedload(OrderLine.item)).order_by(Order.id).all()",
    "session.query(Order).options(selectinload(Order.line_items).selectinload(OrderLine.item)).order_by(Order.id).all()",
    "session.query(OrderLine).options(joinedload(OrderLine.item)).order_by(OrderLine.id).limit(2).all()",
    // joinedload as a LEFT OUTER JOIN: wrapped in a subquery when a collection meets LIMIT/OFFSET/DISTINCT
    "session.query(Customer).options(joinedload(Customer.orders)).order_by(Customer.id).limit(2).all()",
    "session.query(Customer).options(joinedload(Customer.orders)).order_by(Customer.id.desc()).limit(2).offset(1).all()",
    "session.query(Customer).options(joinedload(Customer.orders)).order_by(Customer.id).first()",
    "session.query(Customer).options(joinedload(Customer.orders)).distinct().order_by(Customer.id).all()",
    "session.query(Customer).options(joinedload(Customer.orders)).order_by(func.lower(Customer.first_name), Customer.id).limit(3).all()",
    "session.query(Order).options(joinedload(Order.customer)).order_by(Order.id).all()",
    "session.query(Order).options(joinedload(Order.customer), joinedload(Order.line_items)).order_by(Order.id).all()",
    "session.query(Customer).options(joinedload(Customer.orders).selectinload(Order.line_items)).order_by(Customer.id).all()",
    "session.query(Order).options(selectinload(Order.line_items).joinedload(OrderLine.item)).order_by(Order.id).all()",
    "session.query(Customer).join(Order).filter(Order.id > 1).options(joinedload(Customer.orders)).order_by(Customer.id).all()",
    "session.query(Customer).options(joinedload(Customer.orders)).filter(Customer.id == 1).one()",
    "session.query(Customer).options(joinedload(Customer.orders)).get(1)",
    "session.query(Order).options(joinedload(Order.line_items).joinedload(OrderLine.item)).get(2)",
    // an entity over a join: each entity once, as the legacy Query folds its rows
    "session.query(Customer).join(Order).order_by(Customer.id).all()",
    "session.query(Customer).join(Customer.orders).filter(Customer.id == 1).one()",
    "session.query(Customer).filter(Customer.id == Order.customer_id).order_by(Customer.id).all()",
    "session.query(Customer, Order.customer_id).join(Order).order_by(Customer.id).all()",
    "session.query(Customer.id).join(Order).order_by(Customer.id).all()",
    // relationship comparators: EXISTS subqueries
    "session.query(Customer.id).filter(Customer.orders.any()).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(~Customer.orders.any()).order_by(Customer.id).all()",
    "session.query(Customer.id).filter(Customer.orders.any(Order.id > 1)).all()",
    "session.query(Customer.id).filter(Customer.orders.any(id=99)).all()",
    "session.query(Order.id).filter(Order.customer.has(Customer.town == 'Wolfden')).order_by(Order.id).all()",
    "session.query(Order.id).filter(Order.customer.has(username='tmiller')).order_by(Order.id).all()",
    "session.query(OrderLine.id).filter(OrderLine.item.has(Item.name == 'Pen')).order_by(OrderLine.id).all()",
    "session.query(Customer.id, Customer.orders.any()).order_by(Customer.id).all()",
    // distinct(*columns): DISTINCT ON on PostgreSQL, a plain DISTINCT on SQLite (as SQLAlchemy 1.4 renders them)
    "session.query(Customer.first_name, Customer.id).distinct(Customer.first_name).order_by(Customer.first_name, Customer.id).all()",
    "session.query(Customer).distinct(Customer.town).order_by(Customer.town, Customer.id.desc()).all()",
    // DISTINCT ordered by a column it does not select: the legacy Query selects it too
    "session.query(Customer.last_name).distinct().order_by(Customer.first_name.desc(), Customer.last_name).all()",
    // aliased(): a class under a table alias, bound with := to be used again
    "session.query(Customer.id, (c2 := aliased(Customer)).id).join(c2, (Customer.town == c2.town) & (Customer.id < c2.id)).order_by(Customer.id, c2.id).all()",
    "session.query(Customer.username, (o := aliased(Order)).id).join(o).order_by(o.id).all()",
    "session.query((c := aliased(Customer, name='c'))).filter(c.town == 'Norfolk').order_by(c.id).all()",
    "session.query((c := aliased(Customer))).filter(c.town == 'Norfolk').order_by(c.id).first()",
    "session.query((c := aliased(Customer)).town, func.count(c.id)).group_by(c.town).order_by(c.town).all()",
    "session.query(Customer.id, (o := aliased(Order)).id).outerjoin(o, Customer.id == o.customer_id).order_by(Customer.id, o.id).all()",
    "session.query(Customer.id).join((o := aliased(Order))).filter_by(id=2).all()",
    "session.query(Customer, (c2 := aliased(Customer, name='twin'))).join(c2, (Customer.first_name == c2.first_name) & (Customer.id != c2.id)).order_by(Customer.id).all()",
    "session.query(Customer.id, (c2 := aliased(Customer)).id).select_from(c2).join(Customer, Customer.id == c2.id).filter(c2.id < 3).order_by(c2.id).all()",
    "session.query(Customer.id).filter(Customer.orders.any((o := aliased(Order)).id == Order.id)).order_by(Customer.id).all()",
};

struct Expected {
    std::optional<std::string> json, repr, error;
};

std::vector<Expected> sqlalchemy_results(const std::string& url) {
    std::string input;
    for (const auto& e : kExpressions) input += e + "\n";
    auto r = run_python({driver(), shop_models(), url}, {}, input);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    std::vector<Expected> out;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        auto j = nlohmann::json::parse(line);
        Expected e;
        if (!j["json"].is_null()) e.json = j["json"].get<std::string>();
        if (!j["repr"].is_null()) e.repr = j["repr"].get<std::string>();
        if (!j["error"].is_null()) e.error = j["error"].get<std::string>();
        out.push_back(e);
    }
    REQUIRE(out.size() == kExpressions.size());
    return out;
}

RunResult orm_query(const std::string& url, const std::string& expr, const std::string& format) {
    return run_orm({"--models", shop_models(), "--url", url, "query", expr, "--format", format});
}

void compare_all(const std::string& url) {
    auto created = run_orm({"--models", shop_models(), "--url", url, "create-all"});
    REQUIRE(created.exit_code == 0);
    auto seeded = run_orm({"--models", shop_models(), "--url", url, "seed", shop_seed()});
    INFO(seeded.err);
    REQUIRE(seeded.exit_code == 0);
    auto expected = sqlalchemy_results(url);
    size_t repr_checked = 0;
    for (size_t i = 0; i < kExpressions.size(); ++i) {
        const auto& expr = kExpressions[i];
        INFO(expr);
        auto got = orm_query(url, expr, "json");
        INFO(got.err);
        if (expected[i].error) {
            CHECK(got.exit_code == 1);
            CHECK_THAT(got.err, Catch::Contains(*expected[i].error));
            // --format json: the error is also the JSON document on stdout, and no rows.
            auto error = nlohmann::json::parse(got.out)["error"];
            CHECK(error["code"] == 1);
            CHECK(error["kind"] == "condition_failed");
            CHECK_THAT(error["message"].get<std::string>(), Catch::Contains(*expected[i].error));
            continue;
        }
        REQUIRE(got.exit_code == 0);
        CHECK(got.out == *expected[i].json);
        if (expected[i].repr) {
            ++repr_checked;
            auto rep = orm_query(url, expr, "repr");
            INFO(rep.err);
            CHECK(rep.exit_code == 0);
            CHECK(rep.out == *expected[i].repr);
        }
    }
    CHECK(repr_checked >= 40);
}

}  // namespace

TEST_CASE("differential query: orm query equals SQLAlchemy 1.4 Query on SQLite") {
    REQUIRE(kExpressions.size() >= 60);
    TempDir dir;
    compare_all("sqlite:///" + (dir / "shop.db").string());
}

TEST_CASE("differential query: orm query equals SQLAlchemy 1.4 Query on PostgreSQL") {
    compare_all(create_database("diff_query_shop"));
}
