// orm __generate man DIR | bash [FILE] | zsh [FILE] | fish [FILE]
// Hidden: the build runs it to write the man pages and shell completions
// from the same CLI11 definition that --help prints (CMakeLists.txt), so
// they list exactly the commands and options the binary has.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands/commands.hpp"
#include "cli/docs/cli_model.hpp"
#include "cli/docs/completions.hpp"
#include "cli/docs/man_page.hpp"
#include "orm/core/error.hpp"

namespace orm::cli {

namespace {

struct GenerateOptions {
    std::string what;
    std::string output;   // man: the directory (default "."); a shell: the file (default stdout)
};

void write_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream file(path);
    file << text;
    if (!file.flush()) throw UsageError("cannot write '" + path.string() + "'");
}

int run_generate(CLI::App& root_app, const GenerateOptions& opts) {
    auto root = docs::describe_cli(root_app);
    if (opts.what == "man") {
        std::filesystem::path directory = opts.output.empty() ? "." : opts.output;
        std::filesystem::create_directories(directory);
        for (const auto& page : docs::man_pages(root, ORM_VERSION)) write_file(directory / page.file_name, page.text);
        return 0;
    }
    std::string script = opts.what == "bash" ? docs::bash_completion(root)
                         : opts.what == "zsh" ? docs::zsh_completion(root)
                                              : docs::fish_completion(root);
    if (opts.output.empty()) std::cout << script << std::flush;
    else write_file(opts.output, script);
    return 0;
}

}  // namespace

void register_generate(CLI::App& app, Context& context) {
    auto opts = std::make_shared<GenerateOptions>();
    auto* cmd = app.add_subcommand("__generate", "Write the man pages or a shell completion script");
    cmd->group("");   // hidden from --help, the man pages and the completions
    cmd->add_option("what", opts->what, "man, bash, zsh or fish")
        ->required()
        ->check(CLI::IsMember({"man", "bash", "zsh", "fish"}));
    cmd->add_option("output", opts->output, "man: the directory for orm.1 and orm-COMMAND.1; a shell: the file (default stdout)");
    cmd->callback([&context, &app, opts] { context.set_action([&app, opts] { return run_generate(app, *opts); }); });
}

}  // namespace orm::cli
