// orm config [--format text|json]
// The effective settings and where each came from: a flag, the
// environment, the configuration file (orm.toml, pyproject.toml's
// [tool.orm], alembic.ini), the models file or the default. The URL's
// password is masked.
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.hpp"
#include "orm/core/error.hpp"
#include "orm/engine/url.hpp"

namespace orm::cli {

namespace {

struct ConfigOptions {
    std::string format = "text";
};

std::string masked(const std::string& url) {
    try {
        return engine::Url::parse(url).render();
    } catch (const Error&) {
        return engine::mask_password(url);
    }
}

// The URL below the configuration file: the models file's create_engine(),
// else the default. The models are read for it, as any command would.
Setting url_from_models(Context& context) {
    try {
        const auto& models = context.models();
        if (models.engine_url) return {*models.engine_url, "the models file", context.options.models};
        return {std::string(engine::kDefaultUrl), "the default", ""};
    } catch (const Error&) {
        return {std::string(engine::kDefaultUrl), "the default", ""};   // no readable models file to ask
    }
}

nlohmann::json setting_json(const Setting& s) {
    return {{"value", s.value}, {"source", s.source}, {"file", s.file.empty() ? nlohmann::json() : nlohmann::json(s.file)}};
}

int run_config(Context& context, const ConfigOptions& opts) {
    const auto& s = context.settings;
    Setting url = s.url ? *s.url : url_from_models(context);
    url.value = masked(url.value);
    Setting project_root = s.project_root;
    if (project_root.value.empty()) project_root.value = "(from the models path)";
    const std::vector<std::pair<std::string, const Setting*>> rows = {
        {"models", &s.models}, {"url", &url}, {"migrations", &s.migrations}, {"project_root", &project_root}};

    auto file_or_null = [](const std::filesystem::path& p) { return p.empty() ? nlohmann::json() : nlohmann::json(p.string()); };
    if (opts.format == "json") {
        nlohmann::json out = {{"config_file", file_or_null(s.config.path)}, {"alembic_ini", file_or_null(s.config.alembic_ini)}};
        out["settings"] = nlohmann::json::object();
        for (const auto& [name, setting] : rows) out["settings"][name] = setting_json(*setting);
        out["settings"]["project_root"]["value"] = s.project_root.value.empty() ? nlohmann::json() : nlohmann::json(s.project_root.value);
        std::cout << out.dump(2) << std::endl;
        return 0;
    }
    std::cout << "configuration file: " << (s.config.path.empty() ? "none found" : s.config.path.string()) << "\n";
    if (!s.config.alembic_ini.empty()) std::cout << "alembic.ini: " << s.config.alembic_ini.string() << "\n";
    size_t width = 0;
    for (const auto& [name, setting] : rows) width = std::max(width, setting->value.size());
    for (const auto& [name, setting] : rows) {
        std::string from = setting->source;
        if (!setting->file.empty() && setting->source != "the models file") from += " (" + setting->file + ")";
        std::cout << fmt::format("{:<13} {:<{}}  from {}\n", name, setting->value, width, from);
    }
    std::cout << std::flush;
    return 0;
}

}  // namespace

void register_config(CLI::App& app, Context& context) {
    auto opts = std::make_shared<ConfigOptions>();
    auto* cmd = app.add_subcommand(
        "config",
        "Show the effective settings (models, url, migrations, project_root) and where each came from: "
        "a flag, the environment, orm.toml / pyproject.toml [tool.orm] / alembic.ini, the models file, the default");
    cmd->add_option("--format", opts->format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_config(context, *opts); }); });
}

}  // namespace orm::cli
