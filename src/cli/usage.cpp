#include "cli/usage.hpp"

#include <algorithm>
#include <iostream>

#include "cli/error_report.hpp"
#include "cli/exit_code.hpp"

namespace orm::cli {

namespace {

// Optimal string alignment distance: insertions, deletions, substitutions,
// and a swap of two neighbours (craete/create) as one edit, as people type.
size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i)
        for (size_t j = 1; j <= b.size(); ++j) {
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

std::vector<std::string> command_names(CLI::App& app) {
    std::vector<std::string> names;
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        if (!sub->get_group().empty()) names.push_back(sub->get_name());   // hidden ones (group "") are not offered
    names.push_back("help");
    names.push_back("version");
    return names;
}

std::vector<std::string> option_names(const CLI::App& app) {
    std::vector<std::string> names;
    for (const CLI::Option* opt : app.get_options()) {
        for (const auto& l : opt->get_lnames()) names.push_back("--" + l);
        for (const auto& s : opt->get_snames()) names.push_back("-" + s);
    }
    return names;
}

int usage_error(const std::string& message, bool json) {
    Terminal terminal;
    report_plain_error(terminal, exit_status(ExitCode::usage), "usage", message, json);
    return exit_status(ExitCode::usage);
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
    std::string best = closest(word, candidates);
    return best.empty() ? "" : "; did you mean '" + best + "'?";
}

// orm help [COMMAND [SUBCOMMAND]]: the --help of what is named.
int print_help(CLI::App& app, const std::vector<std::string>& words, bool json) {
    CLI::App* at = &app;
    std::string prefix;
    for (const auto& word : words) {
        CLI::App* sub = nullptr;
        for (CLI::App* s : at->get_subcommands([](CLI::App*) { return true; }))
            if (s->get_name() == word) sub = s;
        if (!sub) {
            std::vector<std::string> names;
            for (CLI::App* s : at->get_subcommands([](CLI::App*) { return true; }))
                if (!s->get_group().empty()) names.push_back(s->get_name());
            return usage_error("unknown command '" + word + "'" + did_you_mean(word, names) +
                                   " (orm --help lists the commands)",
                               json);
        }
        prefix += (prefix.empty() ? "" : " ") + at->get_name();
        at = sub;
    }
    std::cout << (at == &app ? app.help() : at->help(prefix)) << std::flush;
    return 0;
}

}  // namespace

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
    std::string best;
    size_t best_distance = std::string::npos;
    for (const auto& c : candidates) {
        size_t d = edit_distance(word, c);
        if (d < best_distance) {
            best_distance = d;
            best = c;
        }
    }
    // Close enough to be a typo: a third of the word, at least one edit.
    if (best.empty() || best_distance > std::max<size_t>(1, std::min(word.size(), best.size()) / 3)) return "";
    return best;
}

bool wants_json(const std::vector<std::string>& args) {
    for (size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--format=json") return true;
        if (args[i] == "--format" && i + 1 < args.size() && args[i + 1] == "json") return true;
    }
    return false;
}

std::optional<int> pre_parse(CLI::App& app, const std::vector<std::string>& args, const std::string& version,
                             bool json) {
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& word = args[i];
        if (word == "--") return std::nullopt;
        if (word.size() > 1 && word[0] == '-') {
            std::string name = word.substr(0, word.find('='));
            const CLI::Option* opt = app.get_option_no_throw(name);
            if (!opt)
                return usage_error("unknown option '" + name + "'" + did_you_mean(name, option_names(app)) +
                                       " (orm --help lists the options)",
                                   json);
            if (name == "--help" || name == "-h" || name == "--version") return std::nullopt;
            if (word.find('=') == std::string::npos && opt->get_expected_max() > 0) {
                if (i + 1 == args.size())
                    return usage_error("option " + name + " needs a value (orm --help)", json);
                ++i;
            }
            continue;
        }
        if (word == "help") return print_help(app, {args.begin() + static_cast<long>(i) + 1, args.end()}, json);
        if (word == "version") {
            std::cout << version << std::endl;
            return 0;
        }
        for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
            if (sub->get_name() == word) return std::nullopt;
        return usage_error("unknown command '" + word + "'" + did_you_mean(word, command_names(app)) +
                               " (orm --help lists the commands)",
                           json);
    }
    return usage_error("no command given (orm --help lists the commands; orm help COMMAND describes one)", json);
}

int report_parse_error(CLI::App& app, const CLI::ParseError& e, bool json) {
    // The deepest command CLI11 got to: its options are what was meant.
    CLI::App* at = &app;
    std::string command;
    while (!at->get_subcommands().empty()) {
        at = at->get_subcommands().front();
        command += (command.empty() ? "" : " ") + at->get_name();
    }
    if (dynamic_cast<const CLI::ExtrasError*>(&e)) {
        // CLI11 lists the words back to front: put them in the order typed.
        std::string text = e.what();
        text = text.substr(text.find(':') + 2);
        std::vector<std::string> words;
        for (size_t start = 0; start <= text.size();) {
            size_t space = text.find(' ', start);
            words.insert(words.begin(), text.substr(start, space == std::string::npos ? std::string::npos : space - start));
            if (space == std::string::npos) break;
            start = space + 1;
        }
        std::string in = command.empty() ? "" : " for '" + command + "'";
        const std::string& first = words.front();
        if (first.size() > 1 && first[0] == '-') {
            std::vector<std::string> names = option_names(*at);
            for (auto& n : option_names(app)) names.push_back(n);
            std::string name = first.substr(0, first.find('='));
            return usage_error("unknown option '" + name + "'" + in + did_you_mean(name, names) + " (orm " + command +
                                   " --help lists its options)",
                               json);
        }
        std::string joined;
        for (auto& w : words) joined += (joined.empty() ? "" : " ") + w;
        return usage_error("unexpected argument" + std::string(words.size() > 1 ? "s" : "") + in + ": " + joined +
                               " (orm " + (command.empty() ? "" : command + " ") + "--help)",
                           json);
    }
    return usage_error(std::string(e.what()) + " (orm " + (command.empty() ? "" : command + " ") + "--help)", json);
}

}  // namespace orm::cli
