// orm init [DIRECTORY] [--dialect sqlite|postgresql] [--alembic] [--format text|json]
// Starts a project: a commented models.py, migrations/versions/, orm.toml,
// .gitignore lines; with --alembic also alembic.ini, migrations/env.py and
// migrations/script.py.mako, so that Alembic works in the same folder.
//
// Never overwrites: a file that exists is kept as it is and named on
// stderr ("kept"), the others are written, and the exit status is 0, so
// that `orm init --alembic` can be run again later in a project started
// with `orm init` to add the Alembic files. .gitignore is the exception
// that is added to: the lines it lacks are appended. With --format json,
// stdout has what was done: {"directory", "dialect", "created": [...],
// "kept": [...], "gitignore_lines_added": N} (paths as the text names them).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands/commands.hpp"
#include "cli/commands/confirm.hpp"
#include "cli/commands/init_templates.hpp"
#include "orm/core/error.hpp"

namespace orm::cli {

namespace {

namespace fs = std::filesystem;

// The database orm.toml names for each --dialect: a file beside the
// project, or a local server's database.
const std::map<std::string, std::string> kExampleUrls = {
    {"sqlite", "sqlite:///app.db"},
    {"postgresql", "postgresql://localhost/app"},
};

struct InitOptions {
    std::string directory = ".";
    std::string dialect = "sqlite";
    bool alembic = false;
    std::string format = "text";
};

std::string with_url(std::string text, const std::string& url) {
    for (size_t at; (at = text.find("{url}")) != std::string::npos;) text.replace(at, 5, url);
    return text;
}

void write_new_file(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out.flush()) throw UsageError("cannot write '" + path.string() + "'");
}

// Appends the lines .gitignore lacks; returns how many.
size_t add_gitignore_lines(const fs::path& path) {
    std::vector<std::string> present;
    if (std::ifstream in(path); in)
        for (std::string line; std::getline(in, line);) present.push_back(line);
    std::string missing;
    size_t added = 0;
    for (const char* line : init_templates::kGitignore) {
        bool comment = line[0] == '#';
        if (std::find(present.begin(), present.end(), line) != present.end()) continue;
        missing += std::string(line) + "\n";
        if (!comment) ++added;
    }
    if (added == 0) return 0;
    bool ends_with_newline = true;
    if (std::ifstream in(path, std::ios::binary | std::ios::ate); in && in.tellg() > 0) {
        in.seekg(-1, std::ios::end);
        ends_with_newline = in.get() == '\n';
        if (!present.empty()) missing = "\n" + missing;
    }
    std::ofstream out(path, std::ios::app | std::ios::binary);
    out << (ends_with_newline ? "" : "\n") << missing;
    if (!out.flush()) throw UsageError("cannot write '" + path.string() + "'");
    return added;
}

int run_init(Context& context, const InitOptions& opts) {
    fs::path root = opts.directory;
    const bool had_versions = fs::is_directory(root / "migrations" / "versions");
    std::error_code failed;
    fs::create_directories(root / "migrations" / "versions", failed);
    if (failed)
        throw UsageError("cannot create '" + (root / "migrations" / "versions").string() + "': " + failed.message());
    const std::string& url = kExampleUrls.at(opts.dialect);

    std::vector<std::pair<std::string, std::string>> files = {
        {"models.py", init_templates::kModels},
        {"orm.toml", with_url(init_templates::kConfig, url)},
    };
    if (opts.alembic) {
        files.emplace_back("alembic.ini", with_url(init_templates::kAlembicIni, url));
        files.emplace_back("migrations/env.py", init_templates::kEnvPy);
        files.emplace_back("migrations/script.py.mako", init_templates::kScriptMako);
    }
    // Paths as the user would type them: "models.py", not "./models.py".
    auto shown = [&](const fs::path& p) { return (opts.directory == "." ? p : root / p).string(); };
    auto created = nlohmann::json::array(), kept = nlohmann::json::array();
    for (const auto& [name, text] : files) {
        fs::path path = root / name;
        if (fs::exists(path)) {
            context.terminal.warning("kept the existing " + shown(name) + " (orm init never overwrites)");
            kept.push_back(shown(name));
            continue;
        }
        write_new_file(path, text);
        context.terminal.info("created " + shown(name));
        created.push_back(shown(name));
    }
    if (!had_versions) context.terminal.info("created " + shown("migrations/versions") + "/");
    (had_versions ? kept : created).push_back(shown("migrations/versions") + "/");
    const size_t added = add_gitignore_lines(root / ".gitignore");
    if (added) context.terminal.info("added " + std::to_string(added) + " lines to " + shown(".gitignore"));
    if (opts.format == "json")
        std::cout << nlohmann::json{{"directory", opts.directory}, {"dialect", opts.dialect}, {"alembic", opts.alembic},
                                    {"created", created}, {"kept", kept}, {"gitignore_lines_added", added}}
                         .dump(2)
                  << std::endl;
    context.terminal.info("next: edit models.py, then\n"
                          "  orm migrate revision --autogenerate -m \"first tables\"\n"
                          "  orm migrate");
    return 0;
}

}  // namespace

void register_init(CLI::App& app, Context& context) {
    auto opts = std::make_shared<InitOptions>();
    auto* cmd = app.add_subcommand(
        "init",
        "Start a project: a commented models.py, migrations/versions/, orm.toml and .gitignore lines "
        "(with --alembic also alembic.ini and migrations/env.py); never overwrites a file");
    cmd->add_option("directory", opts->directory, "where to start it (default: the current directory)");
    cmd->add_option("--dialect", opts->dialect, "the database orm.toml names: sqlite (sqlite:///app.db) or "
                                                "postgresql (postgresql://localhost/app)")
        ->check(CLI::IsMember({"sqlite", "postgresql"}))
        ->default_str("sqlite");
    cmd->add_flag("--alembic", opts->alembic, "also write alembic.ini, migrations/env.py and migrations/script.py.mako");
    add_format_option(cmd, opts->format);
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_init(context, *opts); }); });
}

}  // namespace orm::cli
