// The man pages and shell completions the build generates (cmake/Docs.cmake)
// list every command and option that `--help` shows: the help output is
// read here as a user reads it, independently of the generator.
#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <sstream>

#include "support/process.hpp"

using namespace orm_test;
namespace fs = std::filesystem;

namespace {

struct HelpEntry {
    std::vector<std::string> path;          // {"migrate", "upgrade"}
    std::vector<std::string> flags;         // "--sql", "-m", "--message", ...
    std::vector<std::string> subcommands;
};

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
    return out;
}

// CLI11's help: an "Options:" section whose entries start "  -x,--name ...",
// and a "Subcommands:" section whose entries start "  name  description".
HelpEntry parse_help(const std::vector<std::string>& path) {
    auto args = path;
    args.push_back("--help");
    auto r = run_orm(args);
    REQUIRE(r.exit_code == 0);
    HelpEntry entry{path, {}, {}};
    std::istringstream lines(r.out);
    std::string line, section;
    while (std::getline(lines, line)) {
        if (!line.empty() && line[0] != ' ') {
            section = line;
            continue;
        }
        if (line.size() < 3 || line[2] == ' ') continue;   // a description's continuation
        std::string first = line.substr(2, line.find(' ', 2) - 2);
        if (section.rfind("Options", 0) == 0 && first[0] == '-') {
            std::istringstream names(first);
            for (std::string name; std::getline(names, name, ',');) entry.flags.push_back(name);
        } else if (section.rfind("Subcommands", 0) == 0) {
            entry.subcommands.push_back(first);
        }
    }
    return entry;
}

std::vector<HelpEntry> whole_cli() {
    std::vector<HelpEntry> entries{parse_help({})};
    for (size_t i = 0; i < entries.size(); ++i)
        for (const auto& sub : entries[i].subcommands) {
            auto path = entries[i].path;
            path.push_back(sub);
            entries.push_back(parse_help(path));
        }
    return entries;
}

fs::path docs_dir() { return fs::path(ORM_BUILD_DIR) / "docs"; }

// What roff source holds for `text`: hyphens are written \- .
std::string in_roff(const std::string& text) {
    std::string out;
    for (char c : text) out += c == '-' ? std::string("\\-") : std::string(1, c);
    return out;
}

// Runs the bash completion for the words typed so far (the last one being completed).
std::set<std::string> bash_complete(const std::vector<std::string>& words) {
    std::string array;
    for (const auto& w : words) array += " '" + w + "'";
    auto r = run_process({"bash", "-c", "source '" + (docs_dir() / "orm.bash").string() + "'; COMP_WORDS=(orm" + array +
                                            "); COMP_CWORD=" + std::to_string(words.size()) +
                                            "; _orm; printf '%s\\n' \"${COMPREPLY[@]}\""});
    REQUIRE(r.exit_code == 0);
    std::set<std::string> out;
    std::istringstream lines(r.out);
    for (std::string l; std::getline(lines, l);)
        if (!l.empty()) out.insert(l);
    return out;
}

}  // namespace

TEST_CASE("the help lists the commands this test expects to find") {
    auto cli = whole_cli();
    std::set<std::string> paths;
    for (const auto& e : cli) paths.insert(join(e.path));
    for (const char* expected : {"create-all", "seed", "query", "migrate", "migrate upgrade", "migrate revision", "init", "config",
                                 "schema", "inspect", "wait"})
        CHECK(paths.count(expected));
    CHECK_FALSE(paths.count("__generate"));   // the generator stays hidden
}

TEST_CASE("every command and option of --help is in the man pages") {
    auto main_page = read_file(docs_dir() / "man/orm.1");
    for (const auto& e : whole_cli()) {
        INFO(join(e.path));
        std::string page_text = e.path.empty() ? main_page : read_file(docs_dir() / ("man/orm-" + e.path[0] + ".1"));
        if (!e.path.empty()) CHECK_THAT(main_page, Catch::Contains(in_roff(e.path.back())));
        for (const auto& flag : e.flags) {
            INFO(flag);
            CHECK_THAT(main_page, Catch::Contains(in_roff(flag)));
            CHECK_THAT(page_text, Catch::Contains(in_roff(flag)));
        }
    }
    // The pages are well-formed: groff has no warning about them.
    for (const auto& page : fs::directory_iterator(docs_dir() / "man")) {
        // (-Wbreak: an example line longer than the page may run over.)
        auto r = run_process({"groff", "-man", "-Tutf8", "-ww", "-Wbreak", "-z", page.path().string()});
        INFO(page.path().filename().string() << ": " << r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.err.empty());
    }
}

TEST_CASE("bash completes every command and every option --help shows") {
    for (const auto& e : whole_cli()) {
        INFO(join(e.path));
        auto words = e.path;
        words.push_back("");
        auto commands = bash_complete(words);
        for (const auto& sub : e.subcommands) CHECK(commands.count(sub));
        words.back() = "-";
        auto options = bash_complete(words);
        for (const auto& flag : e.flags) {
            INFO(flag);
            CHECK(options.count(flag));
        }
    }
    CHECK(bash_complete({"mi"}) == std::set<std::string>{"migrate"});
    CHECK(bash_complete({"query", "x", "--format", "cs"}) == std::set<std::string>{"csv"});
    CHECK(bash_complete({"--models", "m.py", "migrate", "up"}) == std::set<std::string>{"upgrade"});
    CHECK(bash_complete({"seed", "--on-conflict", "=", "sk"}) == std::set<std::string>{"skip"});   // "=" is a word of its own in bash
}

TEST_CASE("the zsh completion names every command and option --help shows, and parses") {
    auto zsh = read_file(docs_dir() / "_orm");
    CHECK_THAT(zsh, Catch::StartsWith("#compdef orm"));
    for (const auto& e : whole_cli()) {
        INFO(join(e.path));
        std::string zsh_function = "_orm";
        for (const auto& p : e.path) {
            zsh_function += "__";
            for (char c : p) zsh_function += c == '-' ? '_' : c;
        }
        auto body_start = zsh.find(zsh_function + "() {");
        REQUIRE(body_start != std::string::npos);
        auto body = zsh.substr(body_start, zsh.find("\n}\n", body_start) - body_start);
        for (const auto& sub : e.subcommands) CHECK_THAT(body, Catch::Contains("'" + sub + ":"));
        for (const auto& flag : e.flags) {
            INFO(flag);
            CHECK_THAT(body, Catch::Contains("'" + flag + "[") || Catch::Contains("'" + flag + "=["));
        }
    }
    auto r = run_process({"zsh", "-n", (docs_dir() / "_orm").string()});
    INFO(r.err);
    CHECK(r.exit_code == 0);
}

TEST_CASE("fish completes every command and every option --help shows") {
    auto fish_complete = [](const std::string& typed) {
        auto r = run_process({"fish", "--no-config", "-c",
                              "source '" + (docs_dir() / "orm.fish").string() + "'; complete -C '" + typed + "'"});
        REQUIRE(r.exit_code == 0);
        std::set<std::string> out;
        std::istringstream lines(r.out);
        for (std::string l; std::getline(lines, l);) out.insert(l.substr(0, l.find('\t')));
        return out;
    };
    for (const auto& e : whole_cli()) {
        INFO(join(e.path));
        std::string typed = "orm " + join(e.path) + (e.path.empty() ? "" : " ");
        auto commands = fish_complete(typed);
        for (const auto& sub : e.subcommands) CHECK(commands.count(sub));
        auto long_options = fish_complete(typed + "--");
        auto short_options = fish_complete(typed + "-");
        for (const auto& flag : e.flags) {
            INFO(flag);
            CHECK((long_options.count(flag) || short_options.count(flag)));
        }
    }
    CHECK(fish_complete("orm mi") == std::set<std::string>{"migrate"});
    CHECK(fish_complete("orm query x --format cs") == std::set<std::string>{"csv"});
}

namespace {

// The environment variables src/ reads by name: getenv("X"), envname("X"),
// env("X"), the lists `for (const char* name : {"X", "Y"})` looks up, and
// the settings' pick(flags.x, "--x", "ORM_X", ...).
std::set<std::string> environment_read_by_source() {
    std::set<std::string> names;
    auto add_literals = [&](const std::string& text) {
        for (size_t q = text.find('"'); q != std::string::npos; q = text.find('"', q + 1)) {
            size_t end = text.find('"', q + 1);
            if (end == std::string::npos) break;
            std::string word = text.substr(q + 1, end - q - 1);
            if (word.size() > 2 && word.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == std::string::npos)
                names.insert(word);
            q = end;
        }
    };
    for (const auto& dir : {source_dir() / "src/cli", source_dir() / "src/orm/engine"})
        for (const auto& file : fs::recursive_directory_iterator(dir)) {
            if (file.path().extension() != ".cpp") continue;
            std::istringstream lines(read_file(file.path()));
            for (std::string line; std::getline(lines, line);) {
                for (const char* call : {"getenv(\"", "envname(\"", "env(\"", "env_set(\""}) {
                    for (size_t at = line.find(call); at != std::string::npos; at = line.find(call, at + 1)) {
                        size_t open = line.find('"', at);
                        add_literals(line.substr(open, line.find('"', open + 1) - open + 1));
                    }
                }
                // ... and the settings resolve_settings() picks from the environment.
                if (line.find("const char* name : {") != std::string::npos || line.find("pick(flags.") != std::string::npos)
                    add_literals(line);
            }
        }
    names.erase("PATH");   // where orm looks for dot and less, as every program does
    return names;
}

}  // namespace

TEST_CASE("README, orm --help and orm(1) list every exit code and every environment variable orm reads") {
    const std::string readme = read_file(source_dir() / "README.md");
    auto help = run_orm({"--help"});
    REQUIRE(help.exit_code == 0);
    const std::string page = read_file(docs_dir() / "man/orm.1");
    for (int code : {0, 1, 2, 3, 4, 5, 70}) {
        INFO("exit code " << code);
        CHECK_THAT(readme, Catch::Contains("| " + std::to_string(code) + " | "));
        CHECK_THAT(help.out, Catch::Contains("\n  " + std::to_string(code) + " "));
        CHECK_THAT(page, Catch::Contains(".TP\n" + std::to_string(code) + "\n"));
    }
    auto names = environment_read_by_source();
    for (const char* expected : {"ORM_URL", "DATABASE_URL", "ORM_MODELS", "ORM_MIGRATIONS", "ORM_PYTHONPATH",
                                 "ORM_STRICT", "ORM_PAGER", "NO_COLOR", "FORCE_COLOR", "COLUMNS"})
        CHECK(names.count(expected));   // the scan finds what it should
    for (const auto& name : names) {
        INFO(name);
        CHECK_THAT(readme, Catch::Contains("| `" + name + "`"));
        CHECK_THAT(help.out, Catch::Contains("  " + name));
        CHECK_THAT(page, Catch::Contains(in_roff(name)));
    }
}
