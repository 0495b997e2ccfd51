// Installed as a real tool: `cmake --install` into a temporary prefix gives a
// working program with its man pages, completions and examples, and a CMake
// package that a C++ program builds against; `cpack -G DEB` makes the
// Debian packages.
#include <catch2/catch.hpp>

#include <filesystem>

#include "support/process.hpp"

using namespace orm_test;
namespace fs = std::filesystem;

namespace {

// One installation shared by the test cases of this file (copying the
// library and its debug information is the slow part).
const fs::path& install_prefix() {
    static TempDir prefix;
    static bool installed = [] {
        auto r = run_process({"cmake", "--install", ORM_BUILD_DIR, "--prefix", prefix.path().string()});
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
        return true;
    }();
    (void)installed;
    return prefix.path();
}

// The library directory GNUInstallDirs chose ("lib" or "lib/<multiarch>").
fs::path installed_cmake_package(const fs::path& prefix) {
    for (const auto& entry : fs::recursive_directory_iterator(prefix))
        if (entry.path().filename() == "ormConfig.cmake") return entry.path();
    return {};
}

}  // namespace

TEST_CASE("cmake --install puts the program, man pages, completions and examples in their standard places") {
    const auto& p = install_prefix();
    for (const char* file : {"bin/orm", "share/man/man1/orm.1", "share/man/man1/orm-migrate.1",
                             "share/man/man1/orm-seed.1", "share/bash-completion/completions/orm",
                             "share/zsh/vendor-completions/_orm", "share/fish/vendor_completions.d/orm.fish",
                             "share/orm/examples/shop/models.py", "share/orm/examples/shop/seed.json"}) {
        INFO(file);
        CHECK(fs::is_regular_file(p / file));
    }
    // The shop's history is copied in, not left as a symlink out of the prefix.
    CHECK_FALSE(fs::is_symlink(p / "share/orm/examples/shop/migrations"));
    CHECK(fs::is_directory(p / "share/orm/examples/shop/migrations/versions"));

    auto version = run_process({(p / "bin/orm").string(), "--version"});
    CHECK(version.exit_code == 0);
    CHECK_THAT(version.out, Catch::StartsWith("orm " ORM_VERSION));
}

TEST_CASE("the installed orm runs the shop example from share/orm/examples") {
    const auto& p = install_prefix();
    TempDir work;
    auto shop = p / "share/orm/examples/shop";
    auto orm = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {(p / "bin/orm").string(), "--models", (shop / "models.py").string(), "--migrations",
                                   (shop / "migrations").string()});
        return run_process(args, {{"ORM_URL", ""}, {"DATABASE_URL", ""}}, "", work.path());
    };
    auto migrated = orm({"migrate"});
    INFO(migrated.err);
    REQUIRE(migrated.exit_code == 0);
    auto seeded = orm({"seed", (shop / "seed.json").string()});
    INFO(seeded.err);
    REQUIRE(seeded.exit_code == 0);
    auto count = orm({"query", "session.query(Customer).filter(Customer.town == 'Norfolk').count()"});
    CHECK(count.exit_code == 0);
    CHECK(count.out == "2\n");
    CHECK(fs::exists(work / "shop.db"));   // the models' sqlite:///shop.db, relative to where orm runs
}

TEST_CASE("man -M PREFIX/share/man orm renders the installed page") {
    const auto& p = install_prefix();
    auto r = run_process({"man", "-M", (p / "share/man").string(), "orm"}, {{"MANPAGER", "cat"}, {"MANWIDTH", "80"}});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("GLOBAL OPTIONS") && Catch::Contains("--models") && Catch::Contains("EXIT STATUS"));
    auto migrate = run_process({"man", "-M", (p / "share/man").string(), "orm-migrate"}, {{"MANPAGER", "cat"}});
    CHECK(migrate.exit_code == 0);
    CHECK_THAT(migrate.out, Catch::Contains("--autogenerate"));
}

TEST_CASE("the installed bash completion completes orm mi<TAB> to migrate") {
    const auto& p = install_prefix();
    auto script = (p / "share/bash-completion/completions/orm").string();
    auto r = run_process({"bash", "-c",
                          "source '" + script + "'; complete -p orm; "
                          "COMP_WORDS=(orm mi); COMP_CWORD=1; _orm; echo \"[${COMPREPLY[*]}]\""});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("complete -F _orm orm") && Catch::Contains("[migrate]"));
}

TEST_CASE("the installed CMake package builds a C++ program that adds, commits and queries through the session") {
    const auto& p = install_prefix();
    REQUIRE_FALSE(installed_cmake_package(p).empty());
    TempDir app;
    write_file(app / "CMakeLists.txt",
               "cmake_minimum_required(VERSION 3.22)\n"
               "project(shop_app LANGUAGES CXX)\n"
               "set(CMAKE_CXX_STANDARD 20)\n"
               "find_package(orm 0.1 REQUIRED)\n"
               "add_executable(shop_app main.cpp)\n"
               "target_link_libraries(shop_app PRIVATE orm::orm)\n");
    // The tutorial's "Inserting Data" and a query, as a user writes it.
    write_file(app / "main.cpp", R"(#include <iostream>

#include "orm/declarative/models_reader.hpp"
#include "orm/engine/ddl_runner.hpp"
#include "orm/session/query.hpp"
#include "orm/session/session.hpp"

int main(int argc, char** argv) {
    auto models = orm::declarative::read_models_file(argv[1]);
    orm::session::Registry registry(models.metadata, models.mappers, models.source);
    auto engine = orm::engine::create_engine(argv[2]);
    {
        auto conn = engine.connect();
        orm::engine::create_all(conn, models.metadata, {});
    }
    orm::session::Session session(engine, registry);
    auto c1 = session.create("Customer", {{"first_name", "Toby"}, {"last_name", "Miller"}, {"username", "tmiller"},
                                          {"email", "tmiller@example.com"}, {"address", "1662 Kinney Street"},
                                          {"town", "Wolfden"}});
    auto o1 = session.create("Order", {{"customer", c1}});
    session.add_all({c1, o1});
    session.commit();
    orm::session::Query query(session, {orm::session::QueryEntity::entity(*registry.mapper("Customer"))});
    for (const auto& row : query.all())
        std::cout << row.objects[0]->get("username").repr() << " " << row.objects[0]->collection("orders").size() << "\n";
    return 0;
}
)");
    auto configure = run_process({"cmake", "-S", app.path().string(), "-B", (app / "build").string(), "-G", "Ninja",
                                  "-DCMAKE_PREFIX_PATH=" + p.string()});
    INFO(configure.out << configure.err);
    REQUIRE(configure.exit_code == 0);
    auto build = run_process({"cmake", "--build", (app / "build").string()});
    INFO(build.out << build.err);
    REQUIRE(build.exit_code == 0);
    auto run = run_process({(app / "build/shop_app").string(),
                            (p / "share/orm/examples/shop/models.py").string(),
                            "sqlite:///" + (app / "shop.db").string()});
    INFO(run.err);
    CHECK(run.exit_code == 0);
    CHECK(run.out == "'tmiller' 1\n");
}

TEST_CASE("cpack -G DEB makes orm and liborm-dev packages with Debian's runtime dependencies") {
    TempDir out;
    auto r = run_process({"cpack", "-G", "DEB", "-B", out.path().string()}, {}, "", fs::path(ORM_BUILD_DIR));
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    fs::path runtime, development;
    for (const auto& entry : fs::directory_iterator(out.path())) {
        auto name = entry.path().filename().string();
        if (name.rfind("orm_", 0) == 0 && entry.path().extension() == ".deb") runtime = entry.path();
        if (name.rfind("liborm-dev_", 0) == 0 && entry.path().extension() == ".deb") development = entry.path();
    }
    REQUIRE_FALSE(runtime.empty());
    REQUIRE_FALSE(development.empty());

    auto files = run_process({"dpkg-deb", "-c", runtime.string()});
    CHECK_THAT(files.out, Catch::Contains("./usr/bin/orm") && Catch::Contains("./usr/share/man/man1/orm.1") &&
                              Catch::Contains("./usr/share/bash-completion/completions/orm") &&
                              Catch::Contains("./usr/share/zsh/vendor-completions/_orm") &&
                              Catch::Contains("./usr/share/fish/vendor_completions.d/orm.fish") &&
                              Catch::Contains("./usr/share/orm/examples/shop/models.py"));
    // dpkg-shlibdeps names the packages of the libraries the binary links
    // (libpqxx is not among them: the driver calls libpq directly, and the
    // link drops what is not used).
    auto depends = run_process({"dpkg-deb", "-f", runtime.string(), "Depends"});
    for (const char* package : {"libpq5", "libsqlite3-0", "libfmt9", "libmimalloc2.0", "libtomlplusplus3", "libutf8proc2",
                                "libstdc++6"}) {
        INFO(package << " in " << depends.out);
        CHECK_THAT(depends.out, Catch::Contains(package + std::string(" (>= ")));
    }
    // apt can install it here (checked without installing: the machine is shared).
    auto apt = run_process({"apt-get", "install", "-s", runtime.string()});
    INFO(apt.out << apt.err);
    CHECK(apt.exit_code == 0);
    CHECK_THAT(apt.out, Catch::Contains("Inst orm (" ORM_VERSION));
    // What the package holds runs: its orm, on its shop example.
    TempDir root, work;
    REQUIRE(run_process({"dpkg-deb", "-x", runtime.string(), root.path().string()}).exit_code == 0);
    auto usr = root / "usr";
    auto version = run_process({(usr / "bin/orm").string(), "--version"});
    CHECK_THAT(version.out, Catch::StartsWith("orm " ORM_VERSION));
    auto shop = usr / "share/orm/examples/shop";
    auto migrated = run_process({(usr / "bin/orm").string(), "--models", (shop / "models.py").string(), "--migrations",
                                 (shop / "migrations").string(), "migrate"},
                                {{"ORM_URL", ""}, {"DATABASE_URL", ""}}, "", work.path());
    INFO(migrated.err);
    CHECK(migrated.exit_code == 0);
    CHECK(fs::exists(work / "shop.db"));
    auto dev_files = run_process({"dpkg-deb", "-c", development.string()});
    CHECK_THAT(dev_files.out, Catch::Contains("/include/orm/session/session.hpp") && Catch::Contains("liborm_session.a") &&
                                  Catch::Contains("ormConfig.cmake"));
}
