// relationship()/backref() recorded as written, not validated.
#include "read_helpers.hpp"

using namespace decl_test;

TEST_CASE("relationship arguments", "[declarative][relationships]") {
    auto m = read(std::string(kPreamble) + R"PY(
tags = Table("post_tags", Base.metadata,
    Column("post_id", ForeignKey("posts.id"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id"), primary_key=True),
    UniqueConstraint("post_id", "tag_id"))
class Tag(Base):
    __tablename__ = "tags"
    id = Column(Integer, primary_key=True)
class Post(Base):
    __tablename__ = "posts"
    id = Column(Integer, primary_key=True)
    parent_id = Column(Integer, ForeignKey("posts.id"))
    tags = relationship(Tag, secondary=tags, backref=backref("posts", lazy="dynamic", uselist=True), order_by=Tag.id)
    children = relationship("Post", back_populates="parent", cascade="all, delete-orphan", lazy="selectin",
                            order_by="Post.id.desc()", foreign_keys=[parent_id])
    parent = relationship("Post", back_populates="children", remote_side=[id], uselist=False)
    by_name = relationship("Tag", secondary="post_tags", viewonly=True, primaryjoin="Post.id == post_tags.c.post_id")
)PY");
    CHECK(column(table(m, "post_tags"), "post_id").type.kind == orm::schema::TypeKind::Integer);
    CHECK(table(m, "post_tags").primary_key.columns.size() == 2);
    const auto& p = mapper(m, "Post");
    REQUIRE(p.relationships.size() == 4);
    const auto& t = p.relationships[0];
    CHECK(t.target == "Tag");
    CHECK(t.secondary == "post_tags");
    CHECK(t.backref == "posts");
    CHECK(t.backref_kwargs.at("lazy").text == "dynamic");
    CHECK(t.backref_kwargs.at("uselist").text == "True");
    CHECK(t.order_by->text == "Tag.id");
    CHECK_FALSE(t.order_by->is_string);
    const auto& c = p.relationships[1];
    CHECK(c.cascade == "all, delete-orphan");
    CHECK(c.lazy == "selectin");
    CHECK(c.order_by->text == "Post.id.desc()");
    CHECK(c.order_by->is_string);
    CHECK(c.foreign_keys->text == "[parent_id]");
    CHECK(c.back_populates == "parent");
    CHECK(p.relationships[2].uselist == false);
    CHECK(p.relationships[2].remote_side->text == "[id]");
    CHECK(p.relationships[3].viewonly);
    CHECK(p.relationships[3].primaryjoin->text == "Post.id == post_tags.c.post_id");
    CHECK(p.relationships[3].loc.line == 20);
}

TEST_CASE("a broken relationship is recorded, not reported, while reading", "[declarative][relationships]") {
    auto m = read(std::string(kPreamble) + R"PY(
class A(Base):
    __tablename__ = "a"
    id = Column(Integer, primary_key=True)
    bs = relationship("NoSuchClass", secondary="no_such_table")
)PY");
    CHECK(mapper(m, "A").relationships.at(0).target == "NoSuchClass");
}
