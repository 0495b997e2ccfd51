// The unit of work: statement order for each relationship kind, the identity
// map, rollback, backrefs, defaults and onupdate, many-to-many rows.
#include "session_helpers.hpp"
#include "support/pg_cluster.hpp"
#include "support/fixtures.hpp"

using namespace session_test;
using orm::session::Session;
using orm::session::Value;

namespace {

const char* kModels = R"PY(
from sqlalchemy import Column, Integer, String, ForeignKey, Table, DateTime, Boolean
from sqlalchemy.orm import declarative_base, relationship, backref
from datetime import datetime
Base = declarative_base()
post_tags = Table("post_tags", Base.metadata,
    Column("post_id", ForeignKey("posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True))
class Author(Base):
    __tablename__ = "authors"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False)
    active = Column(Boolean, default=True)
    touched = Column(DateTime, default=datetime.now, onupdate=datetime.now)
    posts = relationship("Post", back_populates="author", cascade="all, delete-orphan")
    profile = relationship("Profile", backref=backref("author", uselist=False), uselist=False)
class Profile(Base):
    __tablename__ = "profiles"
    id = Column(Integer, primary_key=True)
    author_id = Column(Integer, ForeignKey("authors.id"))
    bio = Column(String(100))
class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    title = Column(String(100))
    author_id = Column(Integer, ForeignKey("authors.id"))
    author = relationship("Author", back_populates="posts")
    tags = relationship("Tag", secondary=post_tags, backref="posts")
class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
    name = Column(String(20), unique=True)
class Node(Base):
    __tablename__ = "nodes"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("nodes.id"))
    children = relationship("Node", backref=backref("parent", remote_side=[id]))
)PY";

// A fresh database on each backend in turn: "" is a SQLite file, else a PostgreSQL database.
std::string backend(const std::string& which) {
    static int n = 0;
    return which == "sqlite" ? std::string() : orm_test::create_database("session_uow_" + std::to_string(++n));
}

// The table each echoed INSERT goes to, in order.
std::vector<std::string> insert_tables(const Db& db) {
    std::vector<std::string> out;
    for (const auto& l : *db.echo)
        if (l.rfind("INSERT INTO ", 0) == 0) out.push_back(l.substr(12, l.find(' ', 12) - 12));
    return out;
}

}  // namespace

TEST_CASE("many-to-one: the referred row is inserted first and its key copied", "[session][uow]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto a = s.create("Author", {{"name", "ann"}});
    auto p = s.create("Post", {{"title", "hello"}, {"author", a}});
    s.add(p);   // the author comes along by cascade, yet is inserted first
    s.commit();
    CHECK(insert_tables(*db) == std::vector<std::string>{"authors", "posts"});
    CHECK(p->get("author_id") == a->get("id"));
    CHECK(a->get("active") == Value(true));   // Python-side default
    CHECK(rows(*db, "SELECT count(*) FROM authors WHERE active") == "1\n");
}

TEST_CASE("one-to-many: children get the parent's key and back_populates keeps both sides", "[session][uow]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto a = s.create("Author", {{"name", "ann"}});
    auto p1 = s.create("Post", {{"title", "one"}});
    auto p2 = s.create("Post", {{"title", "two"}});
    a->append("posts", p1);
    a->append("posts", p2);
    CHECK(p1->related("author") == a);
    p2->set_related("author", nullptr);
    CHECK(a->collection("posts").size() == 1);
    p2->set_related("author", a);
    CHECK(a->collection("posts").size() == 2);
    s.add(a);
    s.commit();
    CHECK(insert_tables(*db) == std::vector<std::string>{"authors", "posts"});
    CHECK(db->count("INSERT INTO posts ") == 1);   // one batch for both rows
    CHECK(rows(*db, "SELECT id, title, author_id FROM posts ORDER BY id") == "1, 'one', 1\n2, 'two', 1\n");
}

TEST_CASE("uselist=False on both sides of a backref", "[session][uow]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto a = s.create("Author", {{"name", "ann"}});
    auto pr = s.create("Profile", {{"bio", "hi"}, {"author", a}});
    CHECK(a->related("profile") == pr);
    s.add(pr);
    s.commit();
    CHECK(rows(*db, "SELECT author_id, bio FROM profiles") == "1, 'hi'\n");
}

TEST_CASE("many-to-many: association rows after both sides and removed rows deleted", "[session][uow]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto p = s.create("Post", {{"title", "x"}});
    auto t1 = s.create("Tag", {{"name", "a"}});
    auto t2 = s.create("Tag", {{"name", "b"}});
    p->append("tags", t1);
    t2->append("posts", p);   // through the backref
    CHECK(p->collection("tags").size() == 2);
    s.add(p);
    s.commit();
    auto order = insert_tables(*db);
    REQUIRE(order.size() == 3);
    CHECK(order.back() == "post_tags");   // after both sides
    CHECK(rows(*db, "SELECT post_id, tag_id FROM post_tags ORDER BY tag_id") == "1, 1\n1, 2\n");
    p->remove("tags", t1);
    CHECK(t1->collection("posts").empty());
    s.commit();
    CHECK(rows(*db, "SELECT post_id, tag_id FROM post_tags") == "1, 2\n");
}

TEST_CASE("self-referential one-to-many: parents before children within one table", "[session][uow]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto child = s.create("Node");
    auto root = s.create("Node");
    child->set_related("parent", root);
    s.add(child);   // added first, inserted second
    s.commit();
    CHECK(root->get("id") == Value(1));
    CHECK(child->get("id") == Value(2));
    CHECK(child->get("parent_id") == Value(1));
}

TEST_CASE("identity map: get twice gives the same object with one query", "[session][identity]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    {
        Session s(db->engine(), *db->registry);
        s.add(s.create("Author", {{"name", "ann"}}));
        s.commit();
    }
    db->echo->clear();
    Session s(db->engine(), *db->registry);
    auto a = s.get("Author", 1);
    REQUIRE(a);
    auto b = s.get("Author", 1);
    CHECK(a == b);
    CHECK(db->count("SELECT") == 1);
    CHECK(a->get("name") == Value("ann"));
    CHECK(s.get("Author", 99) == nullptr);
}

TEST_CASE("dirty objects are updated with onupdate and unchanged ones are not", "[session][uow]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto a = s.create("Author", {{"name", "ann"}});
    s.add(a);
    s.commit();
    auto touched = a->get("touched");
    CHECK(s.dirty().empty());
    a->set("name", "ann");   // same value: not dirty
    CHECK(s.dirty().empty());
    s.commit();
    CHECK(db->count("UPDATE") == 0);
    a->set("name", "bob");
    CHECK(s.dirty().size() == 1);
    s.commit();
    CHECK(db->count("UPDATE") == 1);
    CHECK_FALSE(a->get("touched") == touched);
    CHECK(rows(*db, "SELECT name FROM authors") == "'bob'\n");
}

TEST_CASE("rollback discards pending objects and restores committed values", "[session][uow]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto a = s.create("Author", {{"name", "ann"}});
    s.add(a);
    s.commit();
    auto b = s.create("Author", {{"name", "bea"}});
    s.add(b);
    a->set("name", "changed");
    s.flush();
    CHECK(b->get("id") == Value(2));
    s.rollback();
    CHECK(b->state() == orm::session::ObjectState::transient);
    CHECK(b->get("id").is_null());
    CHECK(s.new_().empty());
    CHECK(rows(*db, "SELECT id, name FROM authors") == "1, 'ann'\n");
    s.commit();
    CHECK(rows(*db, "SELECT id, name FROM authors") == "1, 'ann'\n");
}

TEST_CASE("delete: cascade to children and children deleted before the parent", "[session][uow]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto a = s.create("Author", {{"name", "ann"}});
    a->append("posts", s.create("Post", {{"title", "x"}}));
    s.add(a);
    s.commit();
    s.delete_(a);
    CHECK(s.deleted().size() == 2);
    s.commit();
    CHECK(rows(*db, "SELECT count(*) FROM posts") == "0\n");
    CHECK(rows(*db, "SELECT count(*) FROM authors") == "0\n");
    std::vector<std::string> deletes;
    for (const auto& l : *db->echo)
        if (l.rfind("DELETE", 0) == 0) deletes.push_back(l.substr(0, 20));
    CHECK(deletes == std::vector<std::string>{"DELETE FROM posts WH", "DELETE FROM authors "});
}

TEST_CASE("relationship configuration errors carry SQLAlchemy's meaning and the line", "[session][relationships]") {
    auto error_of = [](const std::string& body) {
        std::string text = std::string(R"PY(from sqlalchemy import Column, Integer, ForeignKey
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
)PY") + body;
        auto m = orm_test::read_models(text, "m.py");
        orm::session::Registry r(m.metadata, m.mappers, m.source);
        try {
            r.configure();
        } catch (const orm::InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK_THAT(error_of(R"PY(class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    bs = relationship("B")
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
)PY"), Catch::Contains("m.py:7:") && Catch::Contains("NoForeignKeysError") && Catch::Contains("relationship A.bs"));
    CHECK_THAT(error_of(R"PY(class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    bs = relationship("B")
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a1 = Column(Integer, ForeignKey("a.id"))
    a2 = Column(Integer, ForeignKey("a.id"))
)PY"), Catch::Contains("AmbiguousForeignKeysError"));
    CHECK(error_of(R"PY(class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    bs = relationship("B", foreign_keys="B.a2")
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a1 = Column(Integer, ForeignKey("a.id"))
    a2 = Column(Integer, ForeignKey("a.id"))
)PY") == "no error");
    CHECK_THAT(error_of(R"PY(class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    bs = relationship("Nope")
)PY"), Catch::Contains("expression 'Nope' failed to locate a name"));
    CHECK_THAT(error_of(R"PY(class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    bs = relationship("B", backref="id")
class B(Base):
    __tablename__ = "b"
    id = Column(Integer, primary_key=True)
    a_id = Column(Integer, ForeignKey("a.id"))
)PY"), Catch::Contains("Error creating backref 'id'"));
}

TEST_CASE("a foreign-key cycle between two tables: the back reference is set by a later UPDATE", "[session][uow]") {
    auto db = make_db(R"PY(
from sqlalchemy import Column, Integer, ForeignKey
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)
    favourite_id = Column(Integer, ForeignKey("posts.id", use_alter=True, name="fk_fav"))
    favourite = relationship("Post", foreign_keys=[favourite_id])
class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"))
    user = relationship("User", foreign_keys=[user_id])
)PY", backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto u = s.create("User");
    auto p = s.create("Post", {{"user", u}});
    u->set_related("favourite", p);
    s.add(u);
    s.commit();
    CHECK(rows(*db, "SELECT id, favourite_id FROM users") == "1, 1\n");
    CHECK(rows(*db, "SELECT id, user_id FROM posts") == "1, 1\n");
    CHECK(s.last_flush().updated.empty());
}

TEST_CASE("expunge and expunge_all: objects leave the session and the database keeps what was flushed", "[session][uow]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto a = s.create("Author", {{"name", "ann"}});
    auto b = s.create("Author", {{"name", "bob"}});
    s.add_all({a, b});
    s.expunge(b);   // pending -> transient: never inserted
    CHECK(b->state() == orm::session::ObjectState::transient);
    CHECK(s.new_().size() == 1);
    s.flush();
    s.expunge_all();
    CHECK(a->state() == orm::session::ObjectState::detached);
    CHECK(a->get("id") == Value(1));
    db->echo->clear();
    auto again = s.get("Author", Value(1));   // not in the identity map any more: loaded anew
    REQUIRE(again);
    CHECK(again != a);
    CHECK(db->count("SELECT") == 1);
    CHECK_THROWS_AS(s.expunge(a), orm::InputError);
    s.commit();
    CHECK(rows(*db, "SELECT id, name FROM authors") == "1, 'ann'\n");
}

TEST_CASE("flush_and_expunge_all: batches go in with their keys and foreign keys and are let go", "[session][uow]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    std::vector<orm::session::ObjectPtr> authors;
    for (int batch = 0; batch < 2; ++batch) {
        // 150 authors with a post each: big enough for the bulk path (COPY on PostgreSQL).
        for (int i = 0; i < 150; ++i) {
            auto a = s.create("Author", {{"name", "a" + std::to_string(batch * 150 + i)}});
            auto p = s.create("Post", {{"title", "t"}, {"author", a}});
            s.add(p);
            authors.push_back(a);
        }
        s.flush_and_expunge_all();
        CHECK(s.new_().empty());
    }
    CHECK(authors.back()->state() == orm::session::ObjectState::detached);
    CHECK(authors.back()->get("id") == Value(300));
    s.commit();
    CHECK(rows(*db, "SELECT count(*), min(id), max(id) FROM authors") == "300, 1, 300\n");
    CHECK(rows(*db, "SELECT count(*) FROM posts p JOIN authors a ON a.id = p.author_id WHERE a.name = 'a' || (p.id - 1)") ==
          "300\n");
}

TEST_CASE("delete-orphan: a child taken from its parent is deleted or never inserted", "[session][uow]") {
    auto db = make_db(kModels, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto a = s.create("Author", {{"name", "ann"}});
    auto p1 = s.create("Post", {{"title", "one"}});
    auto p2 = s.create("Post", {{"title", "two"}});
    a->append("posts", p1);
    a->append("posts", p2);
    s.add(a);
    s.commit();
    a->remove("posts", p1);                  // persistent orphan: deleted
    auto p3 = s.create("Post", {{"title", "three"}});
    a->append("posts", p3);
    a->remove("posts", p3);                  // pending orphan: never inserted
    auto b = s.create("Author", {{"name", "bob"}});
    s.add(b);
    p2->set_related("author", b);            // moved to another parent: kept
    s.commit();
    CHECK(rows(*db, "SELECT p.title, a.name FROM posts p JOIN authors a ON a.id = p.author_id ORDER BY p.id") ==
          "'two', 'bob'\n");
    CHECK(rows(*db, "SELECT count(*) FROM posts") == "1\n");
    CHECK(p1->state() == orm::session::ObjectState::deleted);
    CHECK(p3->state() == orm::session::ObjectState::transient);
}

TEST_CASE("one-to-many without a back reference: a removed child is deleted under delete-orphan, else unlinked",
          "[session][uow]") {
    const char* models = R"PY(
from sqlalchemy import Column, Integer, String, ForeignKey
from sqlalchemy.orm import declarative_base, relationship
Base = declarative_base()
class Shelf(Base):
    __tablename__ = "shelves"
    id = Column(Integer, primary_key=True)
    books = relationship("Book", cascade="all, delete-orphan")
    notes = relationship("Note")
class Book(Base):
    __tablename__ = "books"
    id = Column(Integer, primary_key=True)
    title = Column(String(50))
    shelf_id = Column(Integer, ForeignKey("shelves.id"))
class Note(Base):
    __tablename__ = "notes"
    id = Column(Integer, primary_key=True)
    text = Column(String(50))
    shelf_id = Column(Integer, ForeignKey("shelves.id"))
)PY";
    auto db = make_db(models, backend(GENERATE(as<std::string>{}, "sqlite", "postgresql")));
    Session s(db->engine(), *db->registry);
    auto one = s.create("Shelf", {});
    auto two = s.create("Shelf", {});
    auto b1 = s.create("Book", {{"title", "kept"}});
    auto b2 = s.create("Book", {{"title", "orphaned"}});
    auto b3 = s.create("Book", {{"title", "moved"}});
    auto n1 = s.create("Note", {{"text", "unlinked"}});
    auto n2 = s.create("Note", {{"text", "stays"}});
    for (const auto& b : {b1, b2, b3}) one->append("books", b);
    one->append("notes", n1);
    one->append("notes", n2);
    s.add(one);
    s.add(two);
    s.commit();
    CHECK(rows(*db, "SELECT count(*) FROM books WHERE shelf_id = 1") == "3\n");

    one->remove("books", b2);   // nobody's child now: deleted
    one->remove("books", b3);
    two->append("books", b3);   // another shelf's child: kept, moved
    one->remove("notes", n1);   // no delete-orphan: the row stays, its key goes
    auto pending = s.create("Book", {{"title", "never"}});
    one->append("books", pending);
    one->remove("books", pending);   // pending and orphaned: never inserted
    s.commit();
    CHECK(rows(*db, "SELECT title, shelf_id FROM books ORDER BY id") == "'kept', 1\n'moved', 2\n");
    CHECK(rows(*db, "SELECT text, shelf_id FROM notes ORDER BY id") == "'unlinked', None\n'stays', 1\n");
    CHECK(b2->state() == orm::session::ObjectState::deleted);
    CHECK(pending->state() == orm::session::ObjectState::transient);
}
