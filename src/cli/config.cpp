#include "cli/config.hpp"

#include <toml++/toml.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "orm/core/error.hpp"
#include "orm/core/source.hpp"
#include "orm/engine/url.hpp"

namespace orm::cli {

namespace fs = std::filesystem;

namespace {

const char* const kKeys[] = {"models", "url", "migrations", "project_root"};

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError("cannot read the configuration file '" + path.string() + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A path from a configuration file, relative to that file's directory.
std::string resolve_path(const std::string& value, const fs::path& base) {
    if (value.empty() || fs::path(value).is_absolute()) return value;
    // A dotted module name ("app.models") is not a path: it resolves from the project root.
    if (value.find('/') == std::string::npos && value.find('.') != std::string::npos &&
        value.size() > 3 && value.substr(value.size() - 3) != ".py")
        return value;
    return (base / value).lexically_normal().string();
}

// sqlite:///relative.db means relative to the configuration file, as the
// other paths in it do; in-memory and absolute databases stay as written.
std::string resolve_sqlite_url(const std::string& url, const fs::path& base) {
    const std::string prefix = "sqlite:///";
    if (url.rfind(prefix, 0) != 0) return url;
    std::string rest = url.substr(prefix.size());
    if (rest.empty() || rest[0] == '/' || rest.rfind(":memory:", 0) == 0) return url;
    return prefix + (base / rest).lexically_normal().string();
}

[[noreturn]] void config_error(const std::string& message, const fs::path& path, const std::string& text,
                               const toml::source_region& where) {
    auto file = std::make_shared<SourceFile>(path.string(), text);
    SourceLocation loc;
    loc.line = static_cast<int>(where.begin.line);
    loc.column = static_cast<int>(where.begin.column);
    throw InputError(message, file, loc);
}

// The orm keys of `table` (orm.toml's root, or pyproject.toml's [tool.orm]).
void read_keys(const toml::table& table, const fs::path& path, const std::string& text, const std::string& source,
               ConfigFile& config) {
    fs::path base = path.parent_path();
    for (const auto& [key, node] : table) {
        std::string name(key.str());
        bool known = false;
        for (const char* k : kKeys) known = known || name == k;
        if (!known)
            config_error("unknown setting '" + name + "' (orm reads models, url, migrations and project_root)", path, text,
                         key.source());
        auto value = node.value<std::string>();
        if (!value) config_error("'" + name + "' must be a string", path, text, node.source());
        Setting s{*value, source, path.string()};
        if (name == "url") config.url = Setting{resolve_sqlite_url(*value, base), source, path.string()};
        else {
            s.value = resolve_path(*value, base);
            (name == "models" ? config.models : name == "migrations" ? config.migrations : config.project_root) = s;
        }
    }
}

toml::table parse_toml(const fs::path& path, const std::string& text) {
    try {
        return toml::parse(text, path.string());
    } catch (const toml::parse_error& e) {
        config_error(std::string(e.description()), path, text, e.source());
    }
}

// True when `path` was read (an orm.toml, or a pyproject.toml with [tool.orm]).
bool read_toml(const fs::path& path, ConfigFile& config) {
    std::string text = read_text(path);
    auto table = parse_toml(path, text);
    if (path.filename() == "pyproject.toml") {
        const toml::table* orm = table["tool"]["orm"].as_table();
        if (!orm) return false;
        read_keys(*orm, path, text, "pyproject.toml [tool.orm]", config);
    } else {
        read_keys(table, path, text, path.filename().string(), config);
    }
    config.path = path;
    return true;
}

// The [alembic] section's keys, as Python's configparser reads them:
// "key = value" or "key: value", indented continuation lines, # and ;
// comments, %(here)s for the file's directory and %% for %.
std::vector<std::pair<std::string, std::string>> read_alembic_section(const fs::path& path) {
    std::istringstream lines(read_text(path));
    std::vector<std::pair<std::string, std::string>> keys;
    std::string line, section;
    auto trim = [](std::string s) {
        s.erase(0, s.find_first_not_of(" \t\r"));
        s.erase(s.find_last_not_of(" \t\r") + 1);
        return s;
    };
    while (std::getline(lines, line)) {
        std::string t = trim(line);
        if (t.empty() || t[0] == '#' || t[0] == ';') continue;
        if (t[0] == '[') {
            section = t.substr(1, t.find(']') - 1);
            continue;
        }
        if (section != "alembic") continue;
        if ((line[0] == ' ' || line[0] == '\t') && !keys.empty()) {
            keys.back().second += "\n" + t;
            continue;
        }
        auto sep = t.find_first_of("=:");
        if (sep == std::string::npos) continue;
        keys.emplace_back(trim(t.substr(0, sep)), trim(t.substr(sep + 1)));
    }
    std::string here = fs::absolute(path).parent_path().string();
    for (auto& [key, value] : keys) {
        std::string out;
        for (size_t i = 0; i < value.size(); ++i) {
            if (value.compare(i, 8, "%(here)s") == 0) out += here, i += 7;
            else if (value.compare(i, 2, "%%") == 0) out += '%', ++i;
            else out += value[i];
        }
        value = out;
    }
    return keys;
}

void read_alembic_ini(const fs::path& path, ConfigFile& config) {
    fs::path base = fs::absolute(path).parent_path();
    for (const auto& [key, value] : read_alembic_section(path)) {
        if (value.empty()) continue;
        Setting s{value, "alembic.ini", path.string()};
        if (key == "sqlalchemy.url" && !config.url) config.url = Setting{resolve_sqlite_url(value, base), s.source, s.file};
        if (key == "script_location" && !config.migrations) config.migrations = Setting{resolve_path(value, base), s.source, s.file};
    }
    config.alembic_ini = path;
}

}  // namespace

ConfigFile load_config(const fs::path& directory, const std::string& explicit_file) {
    ConfigFile config;
    if (!explicit_file.empty()) {
        fs::path path = fs::absolute(explicit_file);
        if (path.extension() == ".ini") read_alembic_ini(path, config);
        else if (!read_toml(path, config))
            throw UsageError("'" + explicit_file + "' has no [tool.orm] table");
        return config;
    }
    fs::path alembic_dir = fs::absolute(directory);
    for (fs::path dir = alembic_dir;; dir = dir.parent_path()) {
        if ((fs::exists(dir / "orm.toml") && read_toml(dir / "orm.toml", config)) ||
            (fs::exists(dir / "pyproject.toml") && read_toml(dir / "pyproject.toml", config))) {
            alembic_dir = dir;
            break;
        }
        if (dir == dir.parent_path()) break;
    }
    if (fs::exists(alembic_dir / "alembic.ini")) read_alembic_ini(alembic_dir / "alembic.ini", config);
    return config;
}

Settings resolve_settings(const CommandLineSettings& flags, const ConfigFile& config) {
    auto env = [](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);
        if (v && *v) return std::string(v);
        return std::nullopt;
    };
    auto pick = [&](const std::string& flag_value, const char* flag, const char* env_name,
                    const std::optional<Setting>& from_config, const std::string& fallback) {
        if (!flag_value.empty()) return Setting{flag_value, flag, ""};
        if (env_name)
            if (auto v = env(env_name)) return Setting{*v, env_name, ""};
        if (from_config) return *from_config;
        return Setting{fallback, "the default", ""};
    };
    Settings s;
    s.config = config;
    s.models = pick(flags.models, "--models", "ORM_MODELS", config.models, "models.py");
    s.migrations = pick(flags.migrations, "--migrations", "ORM_MIGRATIONS", config.migrations, "migrations");
    s.project_root = pick(flags.project_root, "--project-root", nullptr, config.project_root, "");
    if (!flags.url.empty()) s.url = Setting{flags.url, "--url", ""};
    else if (auto v = env("ORM_URL")) s.url = Setting{*v, "ORM_URL", ""};
    else if (auto d = env("DATABASE_URL")) s.url = Setting{*d, "DATABASE_URL", ""};
    else if (config.url) {
        s.url = config.url;
        try {
            engine::Url::parse(s.url->value);
        } catch (const UsageError& e) {
            throw UsageError(std::string(e.what()) + " (from " + s.url->file + ")");
        }
    }
    return s;
}

}  // namespace orm::cli
