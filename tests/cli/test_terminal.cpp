// Output for people: progress bars (seed, migrate, a query into a file)
// only on a terminal and cleared, Ctrl-C included; colours by NO_COLOR /
// FORCE_COLOR / --color; the query table's Unicode alignment, fitting to a
// width and the pager; readable diff lines. Terminals are pseudo-terminals:
// script(1) for a whole run, support/pty.hpp where the test acts midway.
#include <catch2/catch.hpp>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <filesystem>

#include "support/process.hpp"
#include "support/pty.hpp"

using namespace orm_test;
namespace fs = std::filesystem;

namespace {

// The environment of a program on a test terminal: no database or colour
// settings from the test's own environment.
const std::map<std::string, std::string> kTtyEnv = {{"ORM_URL", ""}, {"DATABASE_URL", ""}, {"ORM_MODELS", ""},
                                                    {"ORM_MIGRATIONS", ""}, {"NO_COLOR", ""}, {"FORCE_COLOR", ""},
                                                    {"ORM_PAGER", ""}, {"PAGER", ""}, {"LINES", ""}, {"COLUMNS", ""}};

// Options for a program on a test terminal of `rows` rows, its stdin a
// pipe the test writes when `stdin_pipe`.
PtyOptions on_tty(const std::map<std::string, std::string>& env = kTtyEnv, unsigned short rows = 24,
                  bool stdin_pipe = false) {
    PtyOptions options;
    options.env = env;
    options.rows = rows;
    options.stdin_pipe = stdin_pipe;
    return options;
}

std::string shop_models() { return (source_dir() / "share/examples/shop/models.py").string(); }

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs the orm binary under a pseudo-terminal: stdin, stdout and stderr
// are all the terminal, and script(1) hands back what it showed.
RunResult run_orm_on_tty(const std::vector<std::string>& args, std::map<std::string, std::string> env = {},
                         const fs::path& cwd = ".") {
    std::string command = shell_quote(ORM_BINARY);
    for (const auto& a : args) command += " " + shell_quote(a);
    for (const char* unset : {"ORM_URL", "DATABASE_URL", "ORM_MODELS", "ORM_MIGRATIONS", "NO_COLOR", "FORCE_COLOR"})
        env.emplace(unset, "");
    env.emplace("TERM", "xterm");
    return run_process({"script", "-qec", command, "/dev/null"}, env, "", cwd);
}

// A seed big enough for the bar to be drawn (it first shows at 1,000 records).
fs::path write_big_seed(const fs::path& dir) {
    std::string ndjson;
    for (int i = 0; i < 3000; ++i)
        ndjson += "{\"Customer\": {\"first_name\": \"F\", \"last_name\": \"L\", \"username\": \"u" + std::to_string(i) +
                  "\", \"email\": \"e" + std::to_string(i) + "@example.com\", \"address\": \"A\", \"town\": \"T\"}}\n";
    write_file(dir / "customers.ndjson", ndjson);
    return dir / "customers.ndjson";
}

}  // namespace

TEST_CASE("seed: a progress bar on a terminal, cleared at the end, never in a pipe or with -q") {
    TempDir dir;
    auto seed = write_big_seed(dir.path()).string();
    std::string url = "sqlite:///" + (dir / "shop.db").string();
    REQUIRE(run_orm({"--models", shop_models(), "--url", url, "create-all"}).exit_code == 0);

    auto tty = run_orm_on_tty({"--models", shop_models(), "--url", url, "seed", seed, "--on-conflict", "skip"});
    INFO(tty.out << tty.err);
    REQUIRE(tty.exit_code == 0);
    auto bar = tty.out.find("seeding [");
    REQUIRE(bar != std::string::npos);
    CHECK_THAT(tty.out, Catch::Contains("%") && Catch::Contains("records"));
    // Cleared before the summary: the last bar is followed by "erase line".
    auto last_bar = tty.out.rfind("seeding [");
    auto summary = tty.out.find("Customer: 3000 inserted");   // (the warning before the bar names /Customer too)
    REQUIRE(summary != std::string::npos);
    CHECK(tty.out.find("\r\033[K", last_bar) < summary);

    auto piped = run_orm({"--models", shop_models(), "--url", url, "seed", seed, "--on-conflict", "skip"});
    CHECK(piped.exit_code == 0);
    CHECK_THAT(piped.err, !Catch::Contains("seeding") && !Catch::Contains("\033["));

    auto quiet = run_orm_on_tty({"--models", shop_models(), "--url", url, "-q", "seed", seed, "--on-conflict", "skip"});
    CHECK(quiet.exit_code == 0);
    CHECK_THAT(quiet.out, !Catch::Contains("seeding ["));
}

TEST_CASE("seed: a spinner for stdin, cleared when Ctrl-C stops the seed") {
    TempDir dir;
    auto seed = read_file(write_big_seed(dir.path()));
    std::string url = "sqlite:///" + (dir / "shop.db").string();
    REQUIRE(run_orm({"--models", shop_models(), "--url", url, "create-all"}).exit_code == 0);
    // The records on a stdin that stays open: orm has read them and waits
    // for more, its spinner showing, when Ctrl-C is typed.
    PtyProcess orm({ORM_BINARY, "--models", shop_models(), "--url", url, "seed", "-"}, on_tty(kTtyEnv, 24, true));
    orm.write_stdin(seed);
    REQUIRE(orm.wait_for(" records"));
    orm.type("\x03");
    auto r = orm.finish();
    INFO(r.out);
    CHECK(r.exit_code == 128 + SIGINT);
    auto last_spinner = r.out.rfind("seeding ");
    REQUIRE(last_spinner != std::string::npos);
    CHECK(r.out.find("\r\033[K", last_spinner) != std::string::npos);   // the line is cleared
    // Nothing was written: the transaction died with the process.
    auto count = run_orm({"--models", shop_models(), "--url", url, "query", "session.query(Customer).count()"});
    CHECK(count.out == "0\n");
}

TEST_CASE("colours: on a terminal unless NO_COLOR, FORCE_COLOR and --color always in a pipe, --color never wins") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "c.db").string();
    write_file(dir / "a.py", "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n"
                             "class T(Base):\n    __tablename__ = 't'\n    id = sa.Column(sa.Integer, primary_key=True)\n"
                             "    label = sa.Column(sa.String(5), index=True)\n    gone = sa.Column(sa.Integer)\n");
    write_file(dir / "b.py", "import sqlalchemy as sa\nfrom sqlalchemy.orm import declarative_base\nBase = declarative_base()\n"
                             "class T(Base):\n    __tablename__ = 't'\n    id = sa.Column(sa.Integer, primary_key=True)\n"
                             "    label = sa.Column(sa.String(5))\n    new = sa.Column(sa.String(20))\n");
    REQUIRE(run_orm({"--models", (dir / "a.py").string(), "--url", url, "create-all"}).exit_code == 0);
    std::vector<std::string> diff = {"--models", (dir / "b.py").string(), "--url", url, "diff"};
    const std::string red_bang = "\033[1;31m! drop column t.gone INTEGER NULL (data loss)\033[0m";
    const std::string green_plus = "\033[32m+ column t.new VARCHAR(20) NULL\033[0m";
    const std::string red_minus = "\033[31m- index ix_t_label on t (label)\033[0m";

    auto tty = run_orm_on_tty(diff);
    CHECK_THAT(tty.out, Catch::Contains(red_bang) && Catch::Contains(green_plus) && Catch::Contains(red_minus));
    auto no_color = run_orm_on_tty(diff, {{"NO_COLOR", "1"}});
    CHECK_THAT(no_color.out, Catch::Contains("! drop column t.gone") && !Catch::Contains("\033["));
    auto never = run_orm_on_tty({"--color", "never", "--models", (dir / "b.py").string(), "--url", url, "diff"});
    CHECK_THAT(never.out, !Catch::Contains("\033["));

    auto piped = run_orm(diff);
    CHECK(piped.out == "+ column t.new VARCHAR(20) NULL\n! drop column t.gone INTEGER NULL (data loss)\n"
                       "- index ix_t_label on t (label)\n");
    auto forced = run_orm(diff, {{"FORCE_COLOR", "1"}});
    CHECK_THAT(forced.out, Catch::Contains(red_bang) && Catch::Contains(green_plus));
    auto always = run_orm({"--color", "always", "--models", (dir / "b.py").string(), "--url", url, "diff"});
    CHECK_THAT(always.out, Catch::Contains(green_plus));
    auto forced_never = run_orm({"--color", "never", "--models", (dir / "b.py").string(), "--url", url, "diff"},
                                {{"FORCE_COLOR", "1"}});
    CHECK_THAT(forced_never.out, !Catch::Contains("\033["));
    // Errors are red on a terminal only.
    auto error = run_orm_on_tty({"--url", "mysql://x", "create-all", "--sql"});
    CHECK_THAT(error.out, Catch::Contains("\033[1;31merror:\033[0m"));
    CHECK_THAT(run_orm({"--url", "mysql://x", "create-all", "--sql"}).err, Catch::StartsWith("error: "));
}

namespace {

// Items whose names need Unicode's widths: accents (precomposed and
// combining), CJK (two columns each).
std::string unicode_shop(const TempDir& dir) {
    std::string url = "sqlite:///" + (dir / "u.db").string();
    REQUIRE(run_orm({"--models", shop_models(), "--url", url, "create-all"}).exit_code == 0);
    write_file(dir / "items.json",
               "{\"Item\": [{\"name\": \"Caf\u00e9 cr\u00e8me \u65e5\u672c\u8a9e\", \"cost_price\": 1, \"selling_price\": 2, \"quantity\": 5},"
               " {\"name\": \"Chair\", \"cost_price\": 9.21, \"selling_price\": 10.81, \"quantity\": 12},"
               " {\"name\": \"Cafe\u0301\", \"cost_price\": 3, \"selling_price\": 4, \"quantity\": -7}]}");
    REQUIRE(run_orm({"--models", shop_models(), "--url", url, "seed", (dir / "items.json").string()}).exit_code == 0);
    return url;
}

}  // namespace

TEST_CASE("query --format table: aligned by display width (Café crème 日本語), numbers right-aligned") {
    TempDir dir;
    auto url = unicode_shop(dir);
    auto r = run_orm({"--models", shop_models(), "--url", url, "query",
                      "session.query(Item.name, Item.quantity, Item.selling_price).order_by(Item.id)", "--format", "table"});
    INFO(r.err);
    CHECK(r.out ==
          "name              | quantity | selling_price\n"
          "------------------+----------+--------------\n"
          "Caf\u00e9 cr\u00e8me \u65e5\u672c\u8a9e |        5 |          2.00\n"
          "Chair             |       12 |         10.81\n"
          "Cafe\u0301              |       -7 |          4.00\n"
          "(3 rows)\n");
}

TEST_CASE("query --format table fits the terminal: long cells cut with …, rows expanded when they cannot fit") {
    TempDir dir;
    auto url = unicode_shop(dir);
    auto cut = run_orm({"--models", shop_models(), "--url", url, "query",
                        "session.query(Item.id, Item.name).order_by(Item.id)", "--format", "table"},
                       {{"COLUMNS", "16"}});
    CHECK(cut.out ==
          "id | name\n"
          "---+------------\n"
          " 1 | Caf\u00e9 cr\u00e8me\u2026\n"
          " 2 | Chair\n"
          " 3 | Cafe\u0301\n"
          "(3 rows)\n");

    auto expanded = run_orm({"--models", shop_models(), "--url", url, "query",
                             "session.query(Item).filter(Item.id == 2)", "--format", "table"},
                            {{"COLUMNS", "20"}});
    CHECK(expanded.out ==
          "-[ RECORD 1 ]-------\n"
          "id            | 2\n"
          "name          | Chair\n"
          "cost_price    | 9.21\n"
          "selling_price | 10.81\n"
          "quantity      | 12\n"
          "(1 row)\n");
    auto forced = run_orm({"--models", shop_models(), "--url", url, "query", "session.query(Item.id).filter(Item.id == 1)",
                           "--format", "table", "--expanded"});
    CHECK(forced.out == "-[ RECORD 1 ]\nid | 1\n(1 row)\n");

    // A file or a pipe without COLUMNS is never cut.
    auto piped = run_orm({"--models", shop_models(), "--url", url, "query",
                          "session.query(Item.name).filter(Item.id == 1)", "--format", "table"});
    CHECK_THAT(piped.out, Catch::Contains("Caf\u00e9 cr\u00e8me \u65e5\u672c\u8a9e\n"));
}

namespace {

// A directory with a `less` that shows how it was called and marks each
// line it pages, put first on PATH: the default pager, observed.
fs::path fake_less(const TempDir& dir) {
    auto bin = dir / "bin";
    write_file(bin / "less", "#!/bin/sh\necho \"pager: less $*\"\nsed 's/^/> /'\n");
    fs::permissions(bin / "less", fs::perms::owner_all);
    return bin;
}

}  // namespace

TEST_CASE("query: a table taller than the terminal goes through $PAGER (less -RFX by default), a short one does not") {
    TempDir dir;
    auto url = unicode_shop(dir);
    auto env = kTtyEnv;
    env["PATH"] = fake_less(dir).string() + ":" + std::getenv("PATH");
    std::vector<std::string> query = {ORM_BINARY, "--models", shop_models(), "--url", url, "query",
                                      "session.query(Item.id, Item.name).order_by(Item.id)"};
    // Six lines (header, rule, three rows, the count) on five rows: paged.
    PtyProcess tall(query, on_tty(env, 5));
    auto paged = tall.finish();
    INFO(paged.out);
    CHECK(paged.exit_code == 0);
    CHECK_THAT(paged.out, Catch::Contains("pager: less -RFX") && Catch::Contains("> id | name") &&
                              Catch::Contains("> (3 rows)"));
    // The same on 24 rows: written as it is.
    PtyProcess roomy(query, on_tty(env, 24));
    auto direct = roomy.finish();
    CHECK(direct.exit_code == 0);
    CHECK_THAT(direct.out, Catch::Contains("id | name") && !Catch::Contains("pager:"));
    // $PAGER chooses the program; ORM_PAGER="cat" turns paging off.
    auto with_pager = env;
    with_pager["PAGER"] = "sed s/^/paged:/";
    PtyProcess chosen(query, on_tty(with_pager, 5));
    CHECK_THAT(chosen.finish().out, Catch::Contains("paged:id | name"));
    with_pager["ORM_PAGER"] = "cat";
    PtyProcess off(query, on_tty(with_pager, 5));
    CHECK_THAT(off.finish().out, !Catch::Contains("paged:") && !Catch::Contains("pager:"));
    // Never in a pipe, however short the terminal is said to be.
    auto piped = run_orm({"--models", shop_models(), "--url", url, "query",
                          "session.query(Item.id, Item.name).order_by(Item.id)", "--format", "table"},
                         {{"PATH", env["PATH"]}, {"LINES", "3"}});
    CHECK_THAT(piped.out, Catch::StartsWith("id | name\n") && !Catch::Contains("pager:"));
}

TEST_CASE("migrate: a bar under the revision lines on a terminal, cleared before the summary") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "shop.db").string();
    PtyProcess orm({ORM_BINARY, "--models", shop_models(), "--migrations", (source_dir() / "migrations").string(),
                    "--url", url, "migrate"},
                   on_tty());
    auto r = orm.finish();
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("upgrading [") && Catch::Contains("0/2 revisions") &&
                          Catch::Contains("1/2 revisions") && Catch::Contains("running upgrade"));
    auto last_bar = r.out.rfind("upgrading [");
    auto summary = r.out.find("the database is at");
    REQUIRE(summary != std::string::npos);
    CHECK(r.out.find("\r\033[K", last_bar) < summary);
    // In a pipe: the revision lines only.
    TempDir other;
    auto piped = run_orm({"--models", shop_models(), "--migrations", (source_dir() / "migrations").string(), "--url",
                          "sqlite:///" + (other / "shop.db").string(), "migrate"});
    CHECK(piped.exit_code == 0);
    CHECK_THAT(piped.err, Catch::Contains("running upgrade") && !Catch::Contains("upgrading [") &&
                              !Catch::Contains("\033["));
}

TEST_CASE("query into a file: a row count on the terminal meanwhile, cleared, the file holds only the rows") {
    TempDir dir;
    std::string url = "sqlite:///" + (dir / "shop.db").string();
    REQUIRE(run_orm({"--models", shop_models(), "--url", url, "create-all"}).exit_code == 0);
    REQUIRE(run_orm({"--models", shop_models(), "--url", url, "seed", write_big_seed(dir.path()).string()}).exit_code == 0);
    std::string command = shell_quote(ORM_BINARY) + " --models " + shell_quote(shop_models()) + " --url " +
                          shell_quote(url) + " query 'session.query(Customer.username)' --format csv > " +
                          shell_quote((dir / "out.csv").string());
    PtyProcess orm({"sh", "-c", command}, on_tty());
    auto r = orm.finish();
    INFO(r.out);
    REQUIRE(r.exit_code == 0);
    auto spinner = r.out.rfind("querying ");
    REQUIRE(spinner != std::string::npos);
    CHECK_THAT(r.out, Catch::Contains("1,000 rows"));
    CHECK(r.out.find("\r\033[K", spinner) != std::string::npos);
    auto csv = read_file(dir / "out.csv");
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 3001);
    CHECK(csv.find('\033') == std::string::npos);
}
