#include "cli/context.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <vector>

#include "orm/core/error.hpp"
#include "orm/migrate/schema_json_reader.hpp"

namespace orm::cli {

Context::~Context() {
    // The models' interpreter (every module's syntax tree and Python objects)
    // is released by the process's exit, not by its destructors, which took
    // a tenth of a large models package's run (keystone). It stays reachable
    // from a static, so leak checkers see memory in use, not lost.
    if (models_ && models_->runtime) {
        static auto* const kept = new std::vector<std::shared_ptr<declarative::ModelsRuntime>>;
        kept->push_back(std::move(models_->runtime));
    }
}

int Context::run() {
    if (!action_) throw UsageError("no command given (see orm --help)");
    apply_settings();
    // An Alembic project's env.py names the models when nothing else did.
    if (const AlembicProject* p = alembic_project(); p && p->models_module && settings.models.source == "the default") {
        options.models = *p->models_module;
        settings.models = Setting{*p->models_module, "env.py's target_metadata", p->ini_path};
    }
    return action_();
}

void Context::apply_settings() {
    auto config = load_config(std::filesystem::current_path(), options.config);
    settings = resolve_settings({options.models, options.url, options.migrations, options.project_root}, config);
    options.models = settings.models.value;
    options.migrations = settings.migrations.value;
    options.project_root = settings.project_root.value;
    // A configuration file's URL ranks below the environment, which
    // resolve_settings already applied: from here on it acts as --url.
    if (settings.url && options.url.empty() && settings.url->source != "ORM_URL" && settings.url->source != "DATABASE_URL")
        options.url = settings.url->value;
}

const AlembicProject* Context::alembic_project() {
    if (!project_) {
        // The alembic.ini the settings came from (-c FILE, or the one found).
        const std::string path = settings.config.alembic_ini.string();
        if (path.empty()) project_.emplace(std::nullopt);
        else project_.emplace(read_alembic_project(path));
    }
    return project_->has_value() ? &**project_ : nullptr;
}

migrate::VersionTableName Context::version_table() {
    migrate::VersionTableName v;
    if (const AlembicProject* p = alembic_project()) {
        if (p->version_table) v.name = *p->version_table;
        v.schema = p->version_table_schema;
    }
    return v;
}

std::string Context::dialect_hint() const {
    std::string url = options.url;
    if (url.empty())
        for (const char* name : {"ORM_URL", "DATABASE_URL"})
            if (const char* v = std::getenv(name); v && *v) {
                url = v;
                break;
            }
    if (url_) return url_->url.backend;
    if (url.rfind("postgres", 0) == 0) return "postgresql";
    if (url.rfind("sqlite", 0) == 0) return "sqlite";
    return "";
}

const declarative::ModelsFile& Context::models() {
    if (!models_ && migrate::is_metadata_json_path(options.models)) {
        // The escape hatch: tables from a metadata JSON, no Python run.
        auto loaded = migrate::load_models_json(options.models);
        models_ = std::move(loaded.models);
        models_json_dialect_ = loaded.dialect;
        warn_if_models_json_for_other_dialect();
    }
    if (!models_) {
        declarative::LoadOptions load;
        if (!options.project_root.empty()) load.project_root = options.project_root;
        load.strict = options.strict;
        for (size_t start = 0; start < options.python_path.size();) {
            size_t colon = options.python_path.find(':', start);
            std::string dir = options.python_path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
            if (!dir.empty()) load.python_path.push_back(dir);
            if (colon == std::string::npos) break;
            start = colon + 1;
        }
        std::string hint = dialect_hint();
        load.dialect = hint.empty() ? "sqlite" : hint;
        models_ = declarative::load_models(options.models, load);
        // With no URL given, the models' own create_engine() names the
        // database: read them again for its dialect if it is another one
        // (with_variant, load_dialect_impl choose per dialect).
        if (hint.empty() && models_->engine_url) {
            std::string own = models_->engine_url->rfind("postgres", 0) == 0 ? "postgresql" : "sqlite";
            if (own != load.dialect) {
                load.dialect = own;
                models_ = declarative::load_models(options.models, load);
            }
        }
        models_dialect_ = load.dialect;
        for (const auto& w : models_->warnings) terminal.warning(scrub(w));
    }
    return *models_;
}

const declarative::ModelsFile& Context::mapped_models(const std::string& command) {
    const auto& m = models();
    if (migrate::is_metadata_json_path(options.models))
        throw InputError(command + " needs the mapped classes, which only the Python models have: " + options.models +
                         " is a metadata JSON (tables only); give --models the models' .py file, package or module");
    return m;
}

void Context::warn_if_models_json_for_other_dialect() {
    if (models_json_dialect_.empty() || !url_ || url_->url.backend == models_json_dialect_) return;
    terminal.warning(options.models + " was written for " + models_json_dialect_ + " and the database is " +
                     url_->url.backend + ": its defaults, CHECKs and index expressions are " + models_json_dialect_ +
                     "'s SQL");
    models_json_dialect_.clear();   // said once
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
        if (!cli_url && !env_set("ORM_URL") && !env_set("DATABASE_URL")) {
            const auto& m = models();
            if (m.engine_url_problem) {
                // Never a silent fallback to another database.
                std::string message = *m.engine_url_problem + ": orm cannot tell which database the models mean; "
                                      "give --url, or set ORM_URL or DATABASE_URL";
                if (m.engine_url_loc.file) throw InputError(message, m.engine_url_loc.file->shared_from_this(), m.engine_url_loc);
                throw InputError(message);
            }
            models_url = m.engine_url;
        }
        url_ = engine::resolve_url(cli_url, models_url);
        for (const auto& w : url_->url.warnings) terminal.warning(w);
        warn_if_models_json_for_other_dialect();
    }
    return url_->url;
}

engine::Engine Context::engine(bool read_only, engine::EchoSink notes) {
    engine::EngineOptions engine_options;
    engine_options.echo = options.echo;
    engine_options.read_only = read_only;
    engine_options.note_sink = std::move(notes);
    engine::Engine engine(url(), engine_options);
    if (!database_announced_) {
        database_announced_ = true;
        terminal.info("database: " + database_label() + " (" + url_source() + ")");
    }
    return engine;
}

std::string Context::url_source() {
    url();
    if (url_->source == engine::UrlSource::cli_option && settings.url && settings.url->value == options.url &&
        settings.url->source != "--url")
        return settings.url->source;
    if (url_->source == engine::UrlSource::default_url) return "the default: nothing named a database";
    return engine::describe(url_->source);
}

std::string Context::database_label() { return scrub(url().render()); }

migrate::ScriptOptions Context::script_options() {
    migrate::ScriptOptions o;
    if (!options.project_root.empty()) o.roots.push_back(options.project_root);
    for (size_t start = 0; start < options.python_path.size();) {
        size_t colon = options.python_path.find(':', start);
        std::string dir = options.python_path.substr(start, colon == std::string::npos ? std::string::npos : colon - start);
        if (!dir.empty()) o.roots.push_back(dir);
        if (colon == std::string::npos) break;
        start = colon + 1;
    }
    if (!o.roots.empty() && options.project_root.empty()) {
        // --python-path alone: the project itself still resolves from the current directory.
        o.roots.insert(o.roots.begin(), std::filesystem::current_path().string());
    }
    if (const AlembicProject* p = alembic_project()) {
        if (o.roots.empty()) o.roots.push_back(std::filesystem::current_path().string());
        for (auto& dir : p->sys_path)
            if (std::find(o.roots.begin(), o.roots.end(), dir) == o.roots.end()) o.roots.push_back(dir);
        o.main_options = p->main_options;
        o.config_file_name = p->ini_path;
    }
    o.x_arguments = options.x_arguments;
    if (!options.migrations.empty())
        if (auto env = std::filesystem::path(options.migrations) / "env.py"; std::filesystem::is_regular_file(env))
            o.env_py = env.string();
    std::string hint = dialect_hint();
    o.dialect = hint.empty() ? "sqlite" : hint;
    o.strict = options.strict;
    return o;
}

namespace {

// "  ^~~~": the caret line under a quoted source line.
bool caret_line(const std::string& line) {
    return line.find('^') != std::string::npos && line.find_first_not_of(" ^~") == std::string::npos;
}

}  // namespace

std::string Context::scrub(const std::string& text) const {
    auto mask = [this](const std::string& part) {
        return url_ ? engine::mask_password(part, url_->url) : engine::mask_password(part);
    };
    // Line by line, so that a caret under a source line whose password got
    // shorter still points at the same code.
    std::vector<std::string> lines;
    for (size_t from = 0;;) {
        size_t end = text.find('\n', from);
        lines.push_back(text.substr(from, end == std::string::npos ? std::string::npos : end - from));
        if (end == std::string::npos) break;
        from = end + 1;
    }
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        std::string masked = mask(lines[i]);
        if (masked != lines[i] && i + 1 < lines.size() && caret_line(lines[i + 1])) {
            const std::string& marks = lines[i + 1];
            const size_t from = marks.find_first_of("^~"), to = marks.find_last_of("^~") + 1;
            const size_t new_from = mask(lines[i].substr(0, from)).size();
            const size_t new_to = std::max(new_from + 1, mask(lines[i].substr(0, to)).size());
            lines[i + 1] = std::string(new_from, ' ') + marks.substr(from, 1) + std::string(new_to - new_from - 1, '~');
        }
        out += (i ? "\n" : "") + masked;
    }
    return out;
}

}  // namespace orm::cli
