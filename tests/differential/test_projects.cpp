// Model packages laid out as real projects are (tests/differential/projects/:
// the declarative base, `db`, constants, enums, TypeDecorators and mixins in
// other modules; Flask-SQLAlchemy; sqlalchemy_utils), read by orm through
// each form --models takes, against SQLAlchemy 1.4 importing the same
// package (tests/corpus/sa_corpus_ddl.py): statement for statement.
#include <catch2/catch.hpp>

#include <set>

#include "differential/diff_support.hpp"

using namespace orm_diff;
using orm_test::run_orm;
using orm_test::run_python;
using orm_test::TempDir;

namespace {

// One project: its directory holds DIALECTS ("sqlite postgresql") and one package.
struct Project {
    fs::path root;
    std::string package;
    std::vector<std::string> dialects;
};

Project project(const std::string& name) {
    Project p;
    p.root = differential_dir() / "projects" / name;
    for (const auto& entry : fs::directory_iterator(p.root))
        if (entry.is_directory()) p.package = entry.path().filename().string();
    std::istringstream in(orm_test::read_file(p.root / "DIALECTS"));
    for (std::string d; in >> d;) p.dialects.push_back(d);
    return p;
}

std::string sa_project_ddl(const Project& p, const std::string& dialect) {
    const fs::path script = orm_test::source_dir() / "tests" / "corpus" / "sa_corpus_ddl.py";
    auto result = run_python({script.string(), p.root.string(), p.package, dialect,
                              (orm_test::source_dir() / "tests" / "corpus" / "stubs").string(), "--sql"});
    INFO("sa_corpus_ddl.py " << p.root.string() << " " << p.package << " " << dialect << "\n" << result.err);
    REQUIRE(result.exit_code == 0);
    return result.out;
}

// The forms a user may give --models for the package (run in the project
// root): the dotted name, the directory, and where the package has a
// models module, its file and its dotted name.
std::vector<std::vector<std::string>> models_forms(const Project& p) {
    std::vector<std::vector<std::string>> forms = {{"--models", p.package}, {"--models", p.package + "/"}};
    if (fs::exists(p.root / p.package / "models.py"))
        forms.push_back({"--models", p.package + "/models.py"}), forms.push_back({"--models", p.package + ".models"});
    if (fs::exists(p.root / p.package / "models" / "__init__.py"))
        forms.push_back({"--models", p.package + "/models/"}), forms.push_back({"--models", p.package + ".models"});
    return forms;
}

void check_project(const std::string& name) {
    const Project p = project(name);
    REQUIRE(!p.package.empty());
    for (const auto& dialect : p.dialects) {
        const auto expected = canonical_statements(sa_project_ddl(p, dialect));
        REQUIRE(!expected.empty());
        for (auto args : models_forms(p)) {
            DYNAMIC_SECTION(dialect << ", --models " << args[1]) {
                TempDir dir;
                args.insert(args.end(), {"--url", offline_url(dialect, dir.path()), "create-all", "--sql"});
                auto result = run_orm(args, {}, "", p.root);
                INFO("in " << p.root.string() << ": orm " << args[1] << "; exit " << result.exit_code
                           << "; stderr:\n" << result.err);
                CHECK(result.exit_code == 0);
                const auto diff = statement_diff(expected, canonical_statements(result.out));
                if (!diff.empty()) FAIL_CHECK(name << ", " << dialect << ": orm differs from SQLAlchemy:\n" << diff);
            }
        }
    }
}

}  // namespace

TEST_CASE("differential projects: a package with its Base in another module, helpers, mixins, loops, type()",
          "[differential][projects]") {
    check_project("base_elsewhere");
}

TEST_CASE("differential projects: a Flask-SQLAlchemy 3 application with db in its own module",
          "[differential][projects]") {
    check_project("flask_app");
}

TEST_CASE("differential projects: sqlalchemy_utils' types and SQLAlchemy's mutable wrappers",
          "[differential][projects]") {
    check_project("utils_types");
}

TEST_CASE("differential projects: every project directory has a test case", "[differential][projects]") {
    std::set<std::string> on_disk;
    for (const auto& entry : fs::directory_iterator(differential_dir() / "projects")) on_disk.insert(entry.path().filename().string());
    CHECK(on_disk == std::set<std::string>{"base_elsewhere", "flask_app", "utils_types"});
}
