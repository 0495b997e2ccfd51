#include "cli/project_config.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "orm/core/error.hpp"
#include "orm/core/source.hpp"
#include "orm/migrate/env_py.hpp"

namespace orm::cli {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

using Section = std::map<std::string, std::string>;

// Python's ConfigParser: [sections], `key = value` / `key: value`,
// indented continuation lines, # and ; comments; keys case-insensitive.
std::map<std::string, Section> parse_ini(const std::shared_ptr<const SourceFile>& file) {
    std::map<std::string, Section> out;
    std::string section, key;
    std::istringstream in{std::string(file->text())};
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::string t = trim(line);
        if (t.empty() || t[0] == '#' || t[0] == ';') continue;
        if (std::isspace(static_cast<unsigned char>(line[0])) && !key.empty()) {
            out[section][key] += "\n" + t;
            continue;
        }
        if (t.front() == '[') {
            if (t.back() != ']') throw InputError("a section header must end with ']'", file, SourceLocation{n, 1, n, 1});
            section = trim(t.substr(1, t.size() - 2));
            key.clear();
            out[section];
            continue;
        }
        auto sep = t.find_first_of("=:");
        if (sep == std::string::npos)
            throw InputError("expected 'key = value'", file, SourceLocation{n, 1, n, static_cast<int>(line.size()) + 1});
        if (section.empty()) throw InputError("an option before any [section]", file, SourceLocation{n, 1, n, 1});
        key = lower(trim(t.substr(0, sep)));
        out[section][key] = trim(t.substr(sep + 1));
    }
    return out;
}

// ConfigParser's BasicInterpolation: %(name)s from the section, DEFAULT and `defaults`; %% is %.
std::string interpolate(const std::string& value, const Section& section, const Section& defaults, int depth = 0) {
    if (depth > 10) throw UsageError("alembic.ini: interpolation goes too deep in '" + value + "'");
    std::string out;
    for (size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '%') {
            out += value[i];
            continue;
        }
        if (i + 1 < value.size() && value[i + 1] == '%') {
            out += '%';
            ++i;
            continue;
        }
        auto close = value.find(")s", i);
        if (i + 1 >= value.size() || value[i + 1] != '(' || close == std::string::npos)
            throw UsageError("alembic.ini: a bad interpolation in '" + value + "' ('%' must be followed by '%' or '(')");
        std::string name = lower(value.substr(i + 2, close - i - 2));
        auto it = section.find(name);
        const std::string* found = it != section.end() ? &it->second : nullptr;
        if (!found)
            if (auto d = defaults.find(name); d != defaults.end()) found = &d->second;
        if (!found) throw UsageError("alembic.ini: '" + value + "' names '%(" + name + ")s', which no option defines");
        out += interpolate(*found, section, defaults, depth + 1);
        i = close + 1;
    }
    return out;
}

// script_location: a path (relative to the current directory, as Alembic
// takes it) or "package:resource" (a package directory under the current one).
std::string resolve_location(const std::string& location, const std::vector<std::string>& sys_path) {
    auto colon = location.find(':');
    if (colon != std::string::npos && colon > 1 && location[0] != '/') {
        std::string package = location.substr(0, colon), resource = location.substr(colon + 1);
        std::string rel;
        for (char c : package) rel += c == '.' ? '/' : c;
        std::vector<std::string> roots = sys_path;
        roots.push_back(fs::current_path().string());
        for (auto& root : roots)
            if (fs::is_directory(fs::path(root) / rel)) return (fs::path(root) / rel / resource).string();
        return (fs::path(rel) / resource).string();
    }
    return location;
}

}  // namespace

AlembicProject read_alembic_project(const std::string& ini_path, const std::string& section_name) {
    if (!fs::is_regular_file(ini_path)) throw UsageError("config file '" + ini_path + "' not found");
    auto file = SourceFile::load(ini_path);
    auto sections = parse_ini(file);
    AlembicProject p;
    p.ini_path = ini_path;
    Section defaults = sections.count("DEFAULT") ? sections["DEFAULT"] : Section{};
    defaults["here"] = fs::absolute(ini_path).parent_path().string();
    auto it = sections.find(section_name);
    if (it == sections.end())
        throw InputError("no [" + section_name + "] section (Alembic reads its options there)", file, SourceLocation{1, 1, 1, 1});
    for (auto& [k, v] : it->second) p.main_options[k] = interpolate(v, it->second, defaults);
    auto opt = [&](const char* k) -> std::optional<std::string> {
        auto f = p.main_options.find(k);
        if (f == p.main_options.end() || f->second.empty()) return std::nullopt;
        return f->second;
    };
    if (auto sp = opt("prepend_sys_path")) {
        // Entries separated by any run of whitespace, commas and colons.
        std::string entry;
        for (size_t i = 0; i <= sp->size(); ++i) {
            const char c = i < sp->size() ? (*sp)[i] : ',';
            if (!std::isspace(static_cast<unsigned char>(c)) && c != ',' && c != ':') {
                entry += c;
            } else if (!entry.empty()) {
                p.sys_path.push_back(fs::absolute(entry).lexically_normal().string());
                entry.clear();
            }
        }
    }
    auto location = opt("script_location");
    if (!location) throw InputError("[" + section_name + "] has no script_location (where the migrations are)", file, SourceLocation{1, 1, 1, 1});
    p.script_location = resolve_location(*location, p.sys_path);
    p.url = opt("sqlalchemy.url");
    p.version_table = opt("version_table");
    p.version_table_schema = opt("version_table_schema");
    fs::path env = fs::path(p.script_location) / "env.py";
    if (fs::is_regular_file(env)) {
        migrate::EnvPy e = migrate::read_env_py(env.string());
        p.models_module = e.models_module;
        if (e.version_table) p.version_table = e.version_table;
        if (e.version_table_schema) p.version_table_schema = e.version_table_schema;
    }
    return p;
}

}  // namespace orm::cli
