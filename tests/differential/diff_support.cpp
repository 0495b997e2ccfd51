#include "differential/diff_support.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/pg_cluster.hpp"

namespace orm_diff {

using orm_test::run_python;

fs::path differential_dir() { return orm_test::source_dir() / "tests" / "differential"; }

bool ModelsFile::has(const std::string& dialect) const {
    return std::find(dialects.begin(), dialects.end(), dialect) != dialects.end();
}

bool ModelsFile::compare_drop_sql(const std::string& dialect) const {
    return std::find(no_drop_sql.begin(), no_drop_sql.end(), dialect) == no_drop_sql.end();
}

ModelsFile models_file(const fs::path& path) {
    ModelsFile file;
    file.path = path;
    file.name = path.stem().string();
    std::ifstream in(path);
    std::string line;
    auto words_after = [&](const std::string& marker, std::vector<std::string>& into) {
        if (line.rfind(marker, 0) != 0) return;
        std::istringstream words(line.substr(marker.size()));
        std::string word;
        while (words >> word && word[0] != '(') into.push_back(word);
    };
    bool first = true;
    while (std::getline(in, line) && line.rfind("#", 0) == 0) {
        if (first) words_after("# dialects:", file.dialects);
        words_after("# no-drop-sql:", file.no_drop_sql);
        words_after("# beyond-metadata-json:", file.beyond_metadata_json);
        first = false;
    }
    return file;
}

std::vector<ModelsFile> models_files(const fs::path& dir) {
    std::vector<ModelsFile> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".py") files.push_back(models_file(entry.path()));
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return files;
}

std::string run_sa_script(const std::string& script, const std::vector<std::string>& args) {
    std::vector<std::string> argv = {(differential_dir() / script).string()};
    argv.insert(argv.end(), args.begin(), args.end());
    auto result = run_python(argv);
    std::string command = script;
    for (const auto& a : args) command += " " + a;
    INFO("python3 " << command << "\nstderr:\n" << result.err);
    REQUIRE(result.exit_code == 0);
    return result.out;
}

std::string sa_ddl(const fs::path& models, const std::string& dialect, const std::string& op) {
    return run_sa_script("sa_ddl.py", {models.string(), dialect, op});
}

std::string offline_url(const std::string& dialect, const fs::path& dir) {
    if (dialect == "sqlite") return "sqlite:///" + (dir / "must_not_exist.db").string();
    // Port 1 on the loopback: nothing listens there, so any connection fails.
    return "postgresql://nobody:secret@127.0.0.1:1/must_not_connect";
}

namespace {

// Statements that SQLAlchemy 1.4 emits in Python-set order: a table's
// indexes, and the foreign keys of a dependency cycle added or dropped with
// ALTER TABLE. 0: not one of them.
int unordered_kind(const std::string& s) {
    if (s.rfind("CREATE INDEX ", 0) == 0 || s.rfind("CREATE UNIQUE INDEX ", 0) == 0) return 1;
    if (s.rfind("ALTER TABLE ", 0) == 0 && s.find(" ADD CONSTRAINT ") != std::string::npos) return 2;
    if (s.rfind("ALTER TABLE ", 0) == 0 && s.find(" DROP CONSTRAINT ") != std::string::npos) return 3;
    return 0;
}

}  // namespace

std::vector<std::string> canonical_statements(const std::string& script) {
    auto statements = orm_test::sql_statements(script);
    for (auto it = statements.begin(); it != statements.end();) {
        const int kind = unordered_kind(*it);
        if (kind == 0) { ++it; continue; }
        auto end = std::find_if(it, statements.end(), [&](const std::string& s) { return unordered_kind(s) != kind; });
        std::sort(it, end);
        it = end;
    }
    return statements;
}

std::string statement_diff(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    if (a == b) return "";
    // Longest common subsequence over whole statements.
    const size_t n = a.size(), m = b.size();
    std::vector<std::vector<size_t>> lcs(n + 1, std::vector<size_t>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    std::ostringstream out;
    out << "statements: expected (SQLAlchemy) " << n << ", got (orm) " << m << "\n";
    size_t i = 0, j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            out << "  " << a[i] << "\n";
            ++i, ++j;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            out << "- " << a[i++] << "\n";
        } else {
            out << "+ " << b[j++] << "\n";
        }
    }
    return out.str();
}

std::string json_diff(const std::string& expected_text, const std::string& got_text) {
    if (expected_text == got_text) return "";
    nlohmann::json expected, got;
    try {
        expected = nlohmann::json::parse(expected_text);
        got = nlohmann::json::parse(got_text);
    } catch (const std::exception& e) {
        return std::string("unparsable JSON: ") + e.what();
    }
    std::ostringstream out;
    for (const auto& op : nlohmann::json::diff(expected, got)) {
        const std::string path = op["path"];
        const nlohmann::json::json_pointer ptr(path);
        out << op["op"].get<std::string>() << " " << path << "\n";
        if (expected.contains(ptr)) out << "    SQLAlchemy: " << expected.at(ptr).dump() << "\n";
        if (got.contains(ptr)) out << "    orm:        " << got.at(ptr).dump() << "\n";
    }
    return out.str();
}

std::string fresh_database(const std::string& dialect, const std::string& name, const fs::path& dir) {
    if (dialect == "sqlite") return "sqlite:///" + (dir / (name + ".db")).string();
    return orm_test::create_database(name);
}

}  // namespace orm_diff
