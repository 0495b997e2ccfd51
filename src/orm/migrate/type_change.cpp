#include "orm/migrate/type_change.hpp"

#include <cctype>
#include <optional>
#include <vector>

#include "orm/schema/types.hpp"

namespace orm::migrate {

namespace {

enum class Kind { String, Integer, Numeric, Float, Temporal, Boolean, Other };

struct Spelling {
    std::string name;            // upper-case, without arguments
    std::vector<int> args;       // (n[, m])
    std::string rest;            // after the arguments: "WITH TIME ZONE", "[]", collation
};

Spelling parse(const std::string& s) {
    Spelling out;
    std::string text = s;
    if (auto c = text.find(" COLLATE "); c != std::string::npos) text = text.substr(0, c);
    size_t open = text.find('(');
    if (open == std::string::npos) {
        out.name = text;
    } else {
        out.name = text.substr(0, open);
        size_t close = text.find(')', open);
        std::string inner = text.substr(open + 1, close == std::string::npos ? std::string::npos : close - open - 1);
        out.args = schema::type_arguments(inner);
        if (close != std::string::npos) out.rest = text.substr(close + 1);
    }
    while (!out.name.empty() && out.name.back() == ' ') out.name.pop_back();
    for (auto& c : out.name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    while (!out.rest.empty() && out.rest.front() == ' ') out.rest.erase(out.rest.begin());
    // "TIMESTAMP WITH TIME ZONE" without a precision has no parentheses.
    for (const char* suffix : {" WITH TIME ZONE", " WITHOUT TIME ZONE"}) {
        std::string sfx = suffix;
        if (out.name.size() > sfx.size() && out.name.compare(out.name.size() - sfx.size(), sfx.size(), sfx) == 0) {
            out.name.resize(out.name.size() - sfx.size());
            out.rest = sfx.substr(1) + (out.rest.empty() ? "" : " " + out.rest);
        }
    }
    return out;
}

Kind kind_of(const std::string& name) {
    static const char* strings[] = {"VARCHAR", "CHAR", "NVARCHAR", "NCHAR", "TEXT", "CLOB", "CHARACTER VARYING",
                                    "CHARACTER", "CITEXT"};
    for (const char* n : strings)
        if (name == n) return Kind::String;
    if (name == "SMALLINT" || name == "INTEGER" || name == "INT" || name == "BIGINT") return Kind::Integer;
    if (name == "NUMERIC" || name == "DECIMAL") return Kind::Numeric;
    if (name == "REAL" || name == "FLOAT" || name == "DOUBLE" || name == "DOUBLE PRECISION") return Kind::Float;
    if (name == "DATE" || name == "DATETIME" || name == "TIMESTAMP" || name == "TIME") return Kind::Temporal;
    if (name == "BOOLEAN") return Kind::Boolean;
    return Kind::Other;
}

// Characters a string type holds; nullopt: unbounded.
std::optional<int> string_length(const Spelling& s) {
    if (!s.args.empty()) return s.args[0];
    if (s.name == "CHAR" || s.name == "NCHAR" || s.name == "CHARACTER") return 1;   // CHAR is CHAR(1)
    return std::nullopt;
}

int integer_rank(const std::string& name) { return name == "SMALLINT" ? 1 : name == "BIGINT" ? 3 : 2; }
int integer_digits(const std::string& name) { return name == "SMALLINT" ? 5 : name == "BIGINT" ? 19 : 10; }
// Binary digits of the mantissa: REAL 24, the others 53.
int float_bits(const std::string& name) { return name == "REAL" ? 24 : 53; }

}  // namespace

bool type_change_loses_data(const std::string& from_text, const std::string& to_text) {
    if (from_text == to_text) return false;
    const Spelling from = parse(from_text), to = parse(to_text);
    const bool from_array = from.rest.find("[]") != std::string::npos;
    const bool to_array = to.rest.find("[]") != std::string::npos;
    if (from_array != to_array) return true;
    const Kind f = kind_of(from.name), t = kind_of(to.name);
    if (t == Kind::String) {
        auto to_len = string_length(to);
        if (!to_len) return false;   // every value has a text form, however long
        if (f != Kind::String) return true;
        auto from_len = string_length(from);
        return !from_len || *to_len < *from_len;
    }
    if (f == Kind::Boolean && (t == Kind::Integer || t == Kind::Numeric)) return false;
    if (f == Kind::Integer) {
        if (t == Kind::Integer) return integer_rank(to.name) < integer_rank(from.name);
        if (t == Kind::Numeric)
            return !to.args.empty() && to.args[0] - (to.args.size() > 1 ? to.args[1] : 0) < integer_digits(from.name);
        if (t == Kind::Float) return (from.name == "BIGINT" ? 64 : from.name == "SMALLINT" ? 16 : 32) > float_bits(to.name) + 1;
        return true;
    }
    if (f == Kind::Numeric && t == Kind::Numeric) {
        if (to.args.empty()) return false;
        if (from.args.empty()) return true;
        const int from_scale = from.args.size() > 1 ? from.args[1] : 0, to_scale = to.args.size() > 1 ? to.args[1] : 0;
        return to_scale < from_scale || to.args[0] - to_scale < from.args[0] - from_scale;
    }
    if (f == Kind::Float && t == Kind::Float) return float_bits(to.name) < float_bits(from.name);
    if (f == Kind::Temporal && t == Kind::Temporal) {
        const bool from_date = from.name == "DATE", to_date = to.name == "DATE";
        const bool from_time = from.name == "TIME", to_time = to.name == "TIME";
        if (from_time != to_time) return true;
        if (to_date && !from_date) return true;   // the time of day goes
        if (from_date && !to_date) return false;  // midnight of that day
        // Fewer fractional digits round the stored values.
        const int from_p = from.args.empty() ? 6 : from.args[0], to_p = to.args.empty() ? 6 : to.args[0];
        return to_p < from_p;
    }
    return true;
}

}  // namespace orm::migrate
