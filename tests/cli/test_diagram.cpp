// ER diagrams: `orm schema --format mermaid|dot|dbml|svg|png` from the
// models and `orm inspect --format ...` from a live database, through one
// renderer. The shop example's expectations are written by hand.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/pg_cluster.hpp"
#include "support/process.hpp"

using namespace orm_test;
namespace fs = std::filesystem;

namespace {

std::string shop_models() { return (source_dir() / "share/examples/shop/models.py").string(); }

RunResult schema(const std::string& models, const std::string& format, const std::map<std::string, std::string>& env = {}) {
    return run_orm({"--models", models, "schema", "--format", format}, env);
}

const char* kShopMermaid = R"mermaid(erDiagram
    customers {
        Integer id PK
        String(100) first_name "NOT NULL"
        String(100) last_name "NOT NULL"
        String(50) username "NOT NULL"
        String(200) email "NOT NULL"
        String(200) address "NOT NULL"
        String(50) town "NOT NULL"
        DateTime created_on
        DateTime updated_on
    }
    items {
        Integer id PK
        String(200) name "NOT NULL"
        Numeric cost_price "Numeric(10, 2), NOT NULL"
        Numeric selling_price "Numeric(10, 2), NOT NULL"
        Integer quantity
    }
    orders {
        Integer id PK
        Integer customer_id FK
        DateTime date_placed
    }
    order_lines {
        Integer id PK
        Integer order_id FK
        Integer item_id FK
        SmallInteger quantity
    }
    customers |o--o{ orders : "customer_id"
    orders |o--o{ order_lines : "order_id"
    items |o--o{ order_lines : "item_id"
)mermaid";

const char* kShopDbml = R"dbml(Table customers {
  id Integer [pk]
  first_name String(100) [not null]
  last_name String(100) [not null]
  username String(50) [not null]
  email String(200) [not null]
  address String(200) [not null]
  town String(50) [not null]
  created_on DateTime
  updated_on DateTime
}

Table items {
  id Integer [pk]
  name String(200) [not null]
  cost_price "Numeric(10, 2)" [not null]
  selling_price "Numeric(10, 2)" [not null]
  quantity Integer
}

Table orders {
  id Integer [pk]
  customer_id Integer
  date_placed DateTime
}

Table order_lines {
  id Integer [pk]
  order_id Integer
  item_id Integer
  quantity SmallInteger
}

Ref: orders.customer_id > customers.id
Ref: order_lines.order_id > orders.id
Ref: order_lines.item_id > items.id
)dbml";

std::string dot_row(const std::string& name, const std::string& type, const std::string& marks, bool pk = false) {
    return "        <TR><TD PORT=\"" + name + "\" ALIGN=\"LEFT\">" + (pk ? "<U>" + name + "</U>" : name) +
           "</TD><TD ALIGN=\"LEFT\">" + type + "</TD><TD ALIGN=\"LEFT\">" + marks + "</TD></TR>\n";
}

std::string dot_table(const std::string& name, const std::string& rows) {
    return "    \"" + name + "\" [label=<\n"
           "      <TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\">\n"
           "        <TR><TD COLSPAN=\"3\" BGCOLOR=\"#dde4ee\"><B>" + name + "</B></TD></TR>\n" + rows +
           "      </TABLE>>];\n";
}

std::string shop_dot() {
    return "digraph schema {\n"
           "    graph [rankdir=LR, fontname=\"Helvetica\", nodesep=0.4, ranksep=1.2];\n"
           "    node [shape=plain, fontname=\"Helvetica\", fontsize=10];\n"
           "    edge [fontname=\"Helvetica\", fontsize=9, dir=both, color=\"#555555\"];\n" +
           dot_table("customers", dot_row("id", "Integer", "PK", true) + dot_row("first_name", "String(100)", "NOT NULL") +
                                      dot_row("last_name", "String(100)", "NOT NULL") +
                                      dot_row("username", "String(50)", "NOT NULL") +
                                      dot_row("email", "String(200)", "NOT NULL") +
                                      dot_row("address", "String(200)", "NOT NULL") +
                                      dot_row("town", "String(50)", "NOT NULL") + dot_row("created_on", "DateTime", "") +
                                      dot_row("updated_on", "DateTime", "")) +
           dot_table("items", dot_row("id", "Integer", "PK", true) + dot_row("name", "String(200)", "NOT NULL") +
                                  dot_row("cost_price", "Numeric(10, 2)", "NOT NULL") +
                                  dot_row("selling_price", "Numeric(10, 2)", "NOT NULL") +
                                  dot_row("quantity", "Integer", "")) +
           dot_table("orders", dot_row("id", "Integer", "PK", true) + dot_row("customer_id", "Integer", "FK") +
                                   dot_row("date_placed", "DateTime", "")) +
           dot_table("order_lines", dot_row("id", "Integer", "PK", true) + dot_row("order_id", "Integer", "FK") +
                                        dot_row("item_id", "Integer", "FK") + dot_row("quantity", "SmallInteger", "")) +
           "    \"customers\":\"id\" -> \"orders\":\"customer_id\" [arrowtail=teeodot, arrowhead=crowodot, label=\"customer_id\"];\n"
           "    \"orders\":\"id\" -> \"order_lines\":\"order_id\" [arrowtail=teeodot, arrowhead=crowodot, label=\"order_id\"];\n"
           "    \"items\":\"id\" -> \"order_lines\":\"item_id\" [arrowtail=teeodot, arrowhead=crowodot, label=\"item_id\"];\n"
           "}\n";
}

// Posts and tags through an association table, and a one-to-one profile.
const char* kBlogModels = R"py(from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

post_tags = Table(
    "post_tags", Base.metadata,
    Column("post_id", Integer, ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("tags.id"), primary_key=True),
)


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    email = Column(String(200), nullable=False, unique=True)


class Profile(Base):
    __tablename__ = "profiles"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"), nullable=False, unique=True)


class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    author_id = Column(Integer, ForeignKey("users.id"), nullable=False)
    tags = relationship("Tag", secondary=post_tags)


class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False)
)py";

}  // namespace

TEST_CASE("orm schema draws the shop example as Mermaid, DOT and DBML, as written by hand") {
    auto mermaid = schema(shop_models(), "mermaid");
    INFO(mermaid.err);
    CHECK(mermaid.exit_code == 0);
    CHECK(mermaid.out == kShopMermaid);
    auto dbml = schema(shop_models(), "dbml");
    CHECK(dbml.exit_code == 0);
    CHECK(dbml.out == kShopDbml);
    auto dot = schema(shop_models(), "dot");
    CHECK(dot.exit_code == 0);
    CHECK(dot.out == shop_dot());
}

TEST_CASE("the README shows the shop example's Mermaid diagram as orm draws it") {
    CHECK_THAT(read_file(source_dir() / "README.md"), Catch::Contains(std::string("```mermaid\n") + kShopMermaid + "```"));
}

TEST_CASE("many-to-many through an association table, one-to-one, unique marks") {
    TempDir dir;
    write_file(dir / "blog.py", kBlogModels);
    auto mermaid = schema((dir / "blog.py").string(), "mermaid");
    INFO(mermaid.err);
    REQUIRE(mermaid.exit_code == 0);
    CHECK_THAT(mermaid.out, Catch::Contains("    posts }o--o{ tags : \"post_tags\"\n"));
    CHECK_THAT(mermaid.out, !Catch::Contains("post_tags {"));   // drawn as the edge, not as a table
    CHECK_THAT(mermaid.out, Catch::Contains("    users ||--o| profiles : \"user_id\"\n"));
    CHECK_THAT(mermaid.out, Catch::Contains("    users ||--o{ posts : \"author_id\"\n"));
    CHECK_THAT(mermaid.out, Catch::Contains("        String(200) email UK \"NOT NULL\"\n"));
    CHECK_THAT(mermaid.out, Catch::Contains("        Integer user_id FK, UK \"NOT NULL\"\n"));

    auto dot = schema((dir / "blog.py").string(), "dot");
    CHECK_THAT(dot.out, Catch::Contains("\"posts\" -> \"tags\" [arrowtail=crowodot, arrowhead=crowodot, style=dashed, "
                                        "label=\"post_tags\"];"));
    CHECK_THAT(dot.out, Catch::Contains("\"users\":\"id\" -> \"profiles\":\"user_id\" [arrowtail=teetee, arrowhead=teeodot"));

    // DBML is a schema language: the association table stays, with its references.
    auto dbml = schema((dir / "blog.py").string(), "dbml");
    CHECK_THAT(dbml.out, Catch::Contains("Table post_tags {\n  post_id Integer [not null]\n  tag_id Integer [not null]\n\n"
                                         "  indexes {\n    (post_id, tag_id) [pk]\n  }\n}\n"));
    CHECK_THAT(dbml.out, Catch::Contains("Ref: post_tags.post_id > posts.id [delete: cascade]\n"));
    CHECK_THAT(dbml.out, Catch::Contains("Ref: profiles.user_id - users.id\n"));
}

TEST_CASE("schema --format svg and png are drawn by Graphviz, without dot the error says what to install") {
    auto svg = schema(shop_models(), "svg");
    INFO(svg.err);
    REQUIRE(svg.exit_code == 0);
    CHECK_THAT(svg.out, Catch::Contains("<svg") && Catch::Contains("customers") && Catch::Contains("order_lines"));
    auto png = schema(shop_models(), "png");
    REQUIRE(png.exit_code == 0);
    CHECK(png.out.substr(0, 8) == "\x89PNG\r\n\x1a\n");
    // DOT from orm renders without a Graphviz warning.
    auto dot_text = schema(shop_models(), "dot").out;
    auto rendered = run_process({"dot", "-Tsvg"}, {}, dot_text);
    CHECK(rendered.exit_code == 0);
    CHECK(rendered.err.empty());

    TempDir empty;
    auto missing = schema(shop_models(), "svg", {{"PATH", empty.path().string()}});
    CHECK(missing.exit_code == 2);
    CHECK_THAT(missing.err, Catch::Contains("Graphviz") && Catch::Contains("apt-get install graphviz"));
    CHECK(missing.out.empty());
}

TEST_CASE("orm schema --format json is the models in inspect's JSON shape") {
    auto r = schema(shop_models(), "json");
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("\"dialect\": \"sqlite\"") && Catch::Contains("\"name\": \"order_lines\""));
}

namespace {

void check_inspect_diagrams(const std::string& url, const std::string& integer, const std::string& varchar100) {
    REQUIRE(run_orm({"--models", shop_models(), "--url", url, "create-all"}).exit_code == 0);
    auto mermaid = run_orm({"--url", url, "inspect", "--format", "mermaid"});
    INFO(mermaid.err);
    REQUIRE(mermaid.exit_code == 0);
    CHECK_THAT(mermaid.out, Catch::StartsWith("erDiagram\n"));
    CHECK_THAT(mermaid.out, Catch::Contains("        " + varchar100 + " first_name \"NOT NULL\"\n"));
    CHECK_THAT(mermaid.out, Catch::Contains("        " + integer + " id PK\n"));
    CHECK_THAT(mermaid.out, Catch::Contains("    customers |o--o{ orders : \"customer_id\"\n"));
    CHECK_THAT(mermaid.out, Catch::Contains("    items |o--o{ order_lines : \"item_id\"\n"));
    auto dbml = run_orm({"--url", url, "inspect", "--format", "dbml"});
    CHECK(dbml.exit_code == 0);
    CHECK_THAT(dbml.out, Catch::Contains("Ref: orders.customer_id > customers.id\n"));
    auto dot = run_orm({"--url", url, "inspect", "--format", "dot"});
    CHECK(dot.exit_code == 0);
    CHECK_THAT(dot.out, Catch::Contains("\"orders\":\"id\" -> \"order_lines\":\"order_id\""));
    auto svg = run_orm({"--url", url, "inspect", "--format", "svg"});
    CHECK(svg.exit_code == 0);
    CHECK_THAT(svg.out, Catch::Contains("<svg"));
}

}  // namespace

TEST_CASE("orm inspect draws a live SQLite database with the same renderer") {
    TempDir dir;
    check_inspect_diagrams("sqlite:///" + (dir / "shop.db").string(), "INTEGER", "VARCHAR(100)");
}

TEST_CASE("orm inspect draws a live PostgreSQL database with the same renderer") {
    check_inspect_diagrams(create_database("orm_er_diagram"), "INTEGER", "VARCHAR(100)");
}
