// Robustness: every Python file of SQLAlchemy and Alembic (installed by
// scripts/install-deps.sh) and the tutorial's models file parse without error.
#include <catch2/catch.hpp>

#include <filesystem>

#include "python/test_helpers.hpp"

using namespace orm::python;
using namespace orm::python::testing;
namespace fs = std::filesystem;

namespace {

// Parses every .py file under `root`; returns how many were parsed.
size_t parse_tree(const fs::path& root) {
    size_t count = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".py") continue;
        auto source = orm::SourceFile::load(entry.path().string());
        INFO(entry.path().string());
        CHECK_NOTHROW(parse_module(source));
        ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("corpus: SQLAlchemy and Alembic sources parse", "[python][corpus]") {
    for (const char* root : {"/usr/lib/python3/dist-packages/sqlalchemy", "/usr/lib/python3/dist-packages/alembic"}) {
        INFO(root);
        REQUIRE(fs::is_directory(root));
        CHECK(parse_tree(root) > 50);
    }
}

TEST_CASE("corpus: the tutorial models file parses", "[python][corpus]") {
    auto module = parse_module(orm::SourceFile::load(ORM_REFERENCE_DIR "/tutorial_models.py"));
    size_t classes = 0;
    for (const auto& s : module.body) classes += s->kind == StmtKind::ClassDef;
    CHECK(classes >= 4);
}

TEST_CASE("corpus: a generated 2,000-class models file parses with exact locations", "[python][corpus]") {
    std::string text = "from sqlalchemy import Column, Integer, String, ForeignKey\n"
                       "from sqlalchemy.orm import declarative_base, relationship\n\nBase = declarative_base()\n";
    for (int i = 0; i < 2000; ++i) {
        std::string n = std::to_string(i);
        text += "\n\nclass Model" + n + "(Base):\n"
                "    \"\"\"Model " + n + ".\"\"\"\n"
                "    __tablename__ = \"model_" + n + "\"\n"
                "    id = Column(Integer, primary_key=True)\n"
                "    name = Column(String(100), nullable=False, index=True)\n"
                "    parent_id = Column(Integer, ForeignKey(\"model_" + n + ".id\", ondelete=\"CASCADE\"))\n"
                "    parent = relationship(\"Model" + n + "\", backref=\"children\")\n"
                "\n    def __repr__(self):\n        return f\"<Model" + n + " {self.id}>\"\n";
    }
    auto module = parse_module(src(text));
    REQUIRE(module.body.size() == 2003);
    auto last = module.body.back()->as<ClassDef>();
    REQUIRE(last);
    CHECK(last->name == "Model1999");
    // 4 header lines, then 12 lines per class: the last class starts on line 4 + 1999*12 + 3.
    CHECK(last->loc.line == 4 + 1999 * 12 + 3);
    CHECK(last->loc.end_line == last->loc.line + 9);
}
