#include "cli/context.hpp"

#include <filesystem>
#include <iostream>

#include "orm/core/error.hpp"

namespace orm::cli {

int Context::run() {
    if (!action_) throw UsageError("no command given (see orm --help)");
    return action_();
}

const declarative::ModelsFile& Context::models() {
    if (!models_) {
        if (!std::filesystem::exists(options.models)) {
            throw UsageError("models file '" + options.models +
                             "' not found (give --models PATH or set ORM_MODELS)");
        }
        models_ = declarative::read_models_file(options.models);
    }
    return *models_;
}

const engine::Url& Context::url() {
    if (!url_) {
        std::optional<std::string> cli_url;
        if (!options.url.empty()) cli_url = options.url;
        // The models file is read for its create_engine() URL only when no
        // higher-precedence source names a database.
        std::optional<std::string> models_url;
        auto env_set = [](const char* name) {
            const char* v = std::getenv(name);
            return v && *v;
        };
        if (!cli_url && !env_set("ORM_URL") && !env_set("DATABASE_URL") &&
            std::filesystem::exists(options.models)) {
            models_url = models().engine_url;
        }
        url_ = engine::resolve_url(cli_url, models_url);
        for (const auto& w : url_->url.warnings) terminal.warning(w);
    }
    return url_->url;
}

engine::Engine Context::engine() {
    engine::EngineOptions engine_options;
    engine_options.echo = options.echo;
    return engine::Engine(url(), engine_options);
}

std::string Context::scrub(const std::string& text) const {
    if (url_) return engine::mask_password(text, url_->url);
    return engine::mask_password(text);
}

}  // namespace orm::cli
