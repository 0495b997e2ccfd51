#include "cli/docs/cli_model.hpp"

#include <CLI/CLI.hpp>

namespace orm::cli::docs {

namespace {

// CLI11 keeps an IsMember check only as its description, "{json,models}",
// appended to the type name ("TEXT:{json,models}"): the choices are read back
// from there.
std::vector<std::string> choices_from_type_name(const std::string& type_name) {
    std::vector<std::string> choices;
    auto open = type_name.find('{');
    auto close = type_name.find('}', open == std::string::npos ? 0 : open);
    if (open == std::string::npos || close == std::string::npos) return choices;
    std::string inner = type_name.substr(open + 1, close - open - 1);
    size_t start = 0;
    while (start <= inner.size()) {
        size_t comma = inner.find(',', start);
        if (comma == std::string::npos) comma = inner.size();
        std::string choice = inner.substr(start, comma - start);
        if (!choice.empty()) choices.push_back(choice);
        start = comma + 1;
    }
    return choices;
}

std::string base_type_name(const std::string& type_name) {
    auto colon = type_name.find(':');
    return colon == std::string::npos ? type_name : type_name.substr(0, colon);
}

CliOption describe_option(const CLI::Option& opt) {
    CliOption out;
    for (const auto& n : opt.get_lnames()) out.long_names.push_back("--" + n);
    for (const auto& n : opt.get_snames()) out.short_names.push_back("-" + n);
    if (!opt.nonpositional()) out.positional_name = opt.get_name(true, false);
    out.description = opt.get_description();
    out.takes_value = opt.get_type_size() != 0;
    if (out.takes_value) {
        std::string type_name = opt.get_type_name();
        out.value_name = base_type_name(type_name);
        out.choices = choices_from_type_name(type_name);
        out.default_value = opt.get_default_str();
    }
    out.env = opt.get_envname();
    out.required = opt.get_required();
    out.repeatable = opt.get_items_expected_max() > 1;
    return out;
}

CliCommand describe_app(const CLI::App& app, std::vector<std::string> path) {
    CliCommand cmd;
    cmd.name = app.get_name();
    cmd.path = path;
    cmd.description = app.get_description();
    for (const CLI::Option* opt : app.get_options()) {
        if (opt->get_group().empty()) continue;   // hidden
        CliOption o = describe_option(*opt);
        (o.positional() ? cmd.positionals : cmd.options).push_back(std::move(o));
    }
    for (const CLI::App* sub : app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); })) {
        auto sub_path = path;
        sub_path.push_back(sub->get_name());
        cmd.subcommands.push_back(describe_app(*sub, sub_path));
    }
    return cmd;
}

void collect(const CliCommand& cmd, std::vector<const CliCommand*>& out) {
    out.push_back(&cmd);
    for (const auto& sub : cmd.subcommands) collect(sub, out);
}

}  // namespace

std::string CliOption::display_names() const {
    if (positional()) return positional_name;
    std::string text;
    for (const auto& n : short_names) text += (text.empty() ? "" : ", ") + n;
    for (const auto& n : long_names) text += (text.empty() ? "" : ", ") + n;
    return text;
}

std::string CliCommand::path_text() const {
    std::string text;
    for (const auto& p : path) text += (text.empty() ? "" : " ") + p;
    return text;
}

CliCommand describe_cli(CLI::App& app) { return describe_app(app, {}); }

std::vector<const CliCommand*> all_commands(const CliCommand& root) {
    std::vector<const CliCommand*> out;
    collect(root, out);
    return out;
}

std::string summary(const std::string& description) {
    std::string line = description.substr(0, description.find('\n'));
    // "...; alone: upgrade to head" reads fine; a trailing ", e.g." does not.
    if (line.size() > 1 && (line.back() == ',' || line.back() == ':')) line.pop_back();
    return line;
}

}  // namespace orm::cli::docs
