#include "orm/dialect/connection.hpp"

#include <cctype>
#include <fmt/format.h>

#include "orm/core/python_repr.hpp"

namespace orm::dialect {

namespace {

const char* kind_name(Value::Kind k) {
    switch (k) {
        case Value::Kind::null: return "NULL";
        case Value::Kind::boolean: return "boolean";
        case Value::Kind::integer: return "integer";
        case Value::Kind::real: return "real";
        case Value::Kind::text: return "text";
        case Value::Kind::blob: return "blob";
    }
    return "?";
}

[[noreturn]] void wrong_kind(Value::Kind want, Value::Kind have) {
    throw DatabaseError(fmt::format("expected a {} value, got {}", kind_name(want), kind_name(have)));
}

// Python's repr of a str: single quotes unless the text holds one and no double quote.
bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

bool Value::as_bool() const {
    if (auto* b = std::get_if<bool>(&v_)) return *b;
    if (auto* i = std::get_if<std::int64_t>(&v_)) return *i != 0;   // SQLite stores booleans as 0/1
    wrong_kind(Kind::boolean, kind());
}

std::int64_t Value::as_int() const {
    if (auto* i = std::get_if<std::int64_t>(&v_)) return *i;
    if (auto* b = std::get_if<bool>(&v_)) return *b ? 1 : 0;
    wrong_kind(Kind::integer, kind());
}

double Value::as_double() const {
    if (auto* d = std::get_if<double>(&v_)) return *d;
    if (auto* i = std::get_if<std::int64_t>(&v_)) return static_cast<double>(*i);
    wrong_kind(Kind::real, kind());
}

const std::string& Value::as_text() const {
    if (auto* s = std::get_if<std::string>(&v_)) return *s;
    wrong_kind(Kind::text, kind());
}

const Blob& Value::as_blob() const {
    if (auto* b = std::get_if<Blob>(&v_)) return *b;
    wrong_kind(Kind::blob, kind());
}

std::string Value::repr() const {
    switch (kind()) {
        case Kind::null: return "None";
        case Kind::boolean: return std::get<bool>(v_) ? "True" : "False";
        case Kind::integer: return std::to_string(std::get<std::int64_t>(v_));
        case Kind::real: {
            double d = std::get<double>(v_);
            std::string s = fmt::format("{}", d);
            if (s == "inf") return "inf";
            if (s == "-inf") return "-inf";
            if (s == "nan") return "nan";
            // Python always shows a float as a float: 1.0, 1e+20.
            if (s.find_first_of(".en") == std::string::npos) s += ".0";
            return s;
        }
        case Kind::text: return python_str_repr(std::get<std::string>(v_));
        case Kind::blob: {
            std::string out = "b'";
            for (std::uint8_t c : std::get<Blob>(v_).bytes) {
                if (c == '\'' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
                else if (c >= 0x20 && c < 0x7f) out += static_cast<char>(c);
                else out += fmt::format("\\x{:02x}", c);
            }
            return out + "'";
        }
    }
    return "?";
}

std::string repr_params(const Params& params) {
    std::string out = "(";
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (i) out += ", ";
        out += params[i].repr();
    }
    if (params.size() == 1) out += ",";
    return out + ")";
}

std::string mask_secret(std::string_view text, std::string_view secret) {
    if (secret.empty()) return std::string(text);
    std::string out;
    std::size_t pos = 0;
    while (true) {
        std::size_t hit = text.find(secret, pos);
        if (hit == std::string_view::npos) break;
        std::size_t end = hit + secret.size();
        bool left_word = hit > 0 && is_word_char(text[hit - 1]) && is_word_char(secret.front());
        bool right_word = end < text.size() && is_word_char(text[end]) && is_word_char(secret.back());
        // Only a whole token is masked: "postgres" must not mangle "postgresql".
        if (left_word || right_word) {
            // Not this one; a whole one may start inside it ("co:o:o" holds "o:o" at 3).
            out.append(text.substr(pos, hit + 1 - pos));
            pos = hit + 1;
            continue;
        }
        out.append(text.substr(pos, hit - pos));
        out.append("***");
        pos = end;
    }
    out.append(text.substr(pos));
    return out;
}

DriverError::DriverError(const std::string& message, ErrorKind kind, std::string code, std::string statement)
    : DatabaseError(statement.empty() ? message : message + "\n[SQL: " + statement + "]"),
      kind_(kind), code_(std::move(code)), statement_(std::move(statement)), server_message_(message) {}

namespace {

std::string key_list(const std::string& table, const std::vector<std::string>& names) {
    if (names.size() == 1) return table + "." + names[0];
    std::string out = table + ".(";
    for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
    return out + ")";
}

std::string violation_message(const ForeignKeyBreach& b, std::size_t i) {
    return (b.constraint.empty() ? std::string("FOREIGN KEY constraint failed: ")
                                 : "foreign key constraint \"" + b.constraint + "\" failed: ") +
           b.describe(i) + " (checked at the end of the bulk load)";
}

}  // namespace

std::string ForeignKeyBreach::describe(std::size_t i) const {
    const auto& values = keys.at(i);
    std::string shown = values.size() == 1 ? values[0] : "(";
    if (values.size() != 1) {
        for (std::size_t v = 0; v < values.size(); ++v) shown += (v ? ", " : "") + values[v];
        shown += ")";
    }
    return key_list(table, columns) + " = " + shown + " is not present in " +
           key_list(referenced_table, referenced_columns);
}

std::string ForeignKeyViolation::message(std::size_t i) const { return violation_message(breach_, i); }

ForeignKeyViolation::ForeignKeyViolation(ForeignKeyBreach breach, std::string code, std::string statement)
    : DriverError(violation_message(breach, 0), ErrorKind::foreign_key_violation, std::move(code), std::move(statement)),
      breach_(std::move(breach)) {}

std::vector<Row> Result::all() {
    std::vector<Row> rows;
    while (next()) rows.push_back(row());
    return rows;
}

std::optional<Value> Result::scalar() {
    std::optional<Value> out;
    if (next() && !row().empty()) out = row()[0];
    close();
    return out;
}

std::int64_t Connection::executemany(const std::string& sql, const std::vector<Params>& param_sets) {
    auto stmt = prepare(sql);
    std::int64_t total = 0;
    bool known = true;
    for (const auto& p : param_sets) {
        std::int64_t n = stmt->execute(p);
        if (n < 0) known = false;
        else total += n;
    }
    return known ? total : -1;
}

std::string Connection::copy_rows_sql(const std::string& table, const std::vector<std::string>& columns) {
    std::string sql = "INSERT INTO " + table + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
    sql += ") VALUES (";
    for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + placeholder(i + 1);
    return sql + ")";
}

std::int64_t Connection::copy_rows(const std::string& table, const std::vector<std::string>& columns,
                                   const ParamRows& rows) {
    if (rows.size == 0) return 0;
    auto stmt = prepare(copy_rows_sql(table, columns));
    Params p;
    for (std::size_t i = 0; i < rows.size; ++i) {
        rows.fill(i, p);
        stmt->execute(p);
    }
    return static_cast<std::int64_t>(rows.size);
}

void Connection::begin() {
    if (in_transaction()) throw DriverError("a transaction is already in progress", ErrorKind::other, "");
    execute("BEGIN");
}

void Connection::commit() {
    if (!in_transaction()) throw DriverError("no transaction is in progress to commit", ErrorKind::other, "");
    execute("COMMIT");
}

void Connection::rollback() {
    if (!in_transaction()) throw DriverError("no transaction is in progress to roll back", ErrorKind::other, "");
    execute("ROLLBACK");
}

namespace {
const std::string& checked_identifier(const std::string& name) {
    // Savepoint names are spliced into SQL, so only plain identifiers pass.
    bool ok = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
    for (char c : name) ok = ok && is_word_char(c);
    if (!ok) throw DriverError("invalid savepoint name '" + name + "'", ErrorKind::other, "");
    return name;
}
}  // namespace

void Connection::savepoint(const std::string& name) { execute("SAVEPOINT " + checked_identifier(name)); }
void Connection::release_savepoint(const std::string& name) {
    execute("RELEASE SAVEPOINT " + checked_identifier(name));
}
void Connection::rollback_to_savepoint(const std::string& name) {
    execute("ROLLBACK TO SAVEPOINT " + checked_identifier(name));
}

}  // namespace orm::dialect
