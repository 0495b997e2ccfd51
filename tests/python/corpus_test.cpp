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
    auto module = parse_module(orm::SourceFile::load(ORM_SHARED_DIR "/reference/tutorial_models.py"));
    size_t classes = 0;
    for (const auto& s : module.body) classes += s->kind == StmtKind::ClassDef;
    CHECK(classes >= 4);
}
