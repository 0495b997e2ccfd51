// The grammar is in the header. Tokens keep their offsets into the source,
// so expressions are returned as the source text between their parentheses.
#include "orm/dialect/sqlite/sqlite_schema_parser.hpp"

#include <cctype>

#include "orm/core/error.hpp"

namespace orm::dialect::sqlite_parse {

namespace {

enum class Tok { Word, Quoted, String, Number, LParen, RParen, Comma, Dot, Other, End };

struct Token {
    Tok kind = Tok::End;
    std::string value;   // a word as written; a quoted identifier or string unquoted
    size_t begin = 0, end = 0;
};

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

std::vector<Token> tokenize(std::string_view sql) {
    std::vector<Token> out;
    size_t i = 0;
    auto quoted = [&](char close) {
        Token t{Tok::Quoted, "", i, 0};
        ++i;
        while (i < sql.size()) {
            if (sql[i] == close) {
                if (close != ']' && i + 1 < sql.size() && sql[i + 1] == close) {
                    t.value += close;
                    i += 2;
                    continue;
                }
                ++i;
                break;
            }
            t.value += sql[i++];
        }
        t.end = i;
        return t;
    };
    while (i < sql.size()) {
        char c = sql[i];
        if (std::isspace(static_cast<unsigned char>(c))) { ++i; continue; }
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            while (i < sql.size() && sql[i] != '\n') ++i;
            continue;
        }
        if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            auto e = sql.find("*/", i + 2);
            i = e == std::string_view::npos ? sql.size() : e + 2;
            continue;
        }
        if (c == '"' || c == '`') { out.push_back(quoted(c)); continue; }
        if (c == '[') { out.push_back(quoted(']')); continue; }
        if (c == '\'') {
            Token t = quoted('\'');
            t.kind = Tok::String;
            out.push_back(t);
            continue;
        }
        size_t start = i;
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || static_cast<unsigned char>(c) >= 0x80) {
            while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '_' ||
                                      sql[i] == '$' || static_cast<unsigned char>(sql[i]) >= 0x80))
                ++i;
            out.push_back({Tok::Word, std::string(sql.substr(start, i - start)), start, i});
            continue;
        }
        if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i < sql.size() && (std::isalnum(static_cast<unsigned char>(sql[i])) || sql[i] == '.')) ++i;
            out.push_back({Tok::Number, std::string(sql.substr(start, i - start)), start, i});
            continue;
        }
        Tok k = c == '(' ? Tok::LParen : c == ')' ? Tok::RParen : c == ',' ? Tok::Comma : c == '.' ? Tok::Dot
                                                                                                  : Tok::Other;
        ++i;
        out.push_back({k, std::string(1, c), start, i});
    }
    out.push_back({Tok::End, "", sql.size(), sql.size()});
    return out;
}

class Parser {
public:
    explicit Parser(std::string_view sql) : sql_(sql), toks_(tokenize(sql)) {}

    const Token& peek(size_t ahead = 0) const { return toks_[std::min(pos_ + ahead, toks_.size() - 1)]; }
    const Token& next() { return toks_[std::min(pos_++, toks_.size() - 1)]; }
    bool at_end() const { return peek().kind == Tok::End; }
    bool is_kw(const char* kw, size_t ahead = 0) const {
        return peek(ahead).kind == Tok::Word && upper(peek(ahead).value) == kw;
    }
    bool accept_kw(const char* kw) {
        if (!is_kw(kw)) return false;
        ++pos_;
        return true;
    }
    bool accept(Tok k) {
        if (peek().kind != k) return false;
        ++pos_;
        return true;
    }
    void expect(Tok k, const char* what) {
        if (!accept(k)) fail(std::string("expected ") + what);
    }
    void expect_kw(const char* kw) {
        if (!accept_kw(kw)) fail(std::string("expected ") + kw);
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw DatabaseError("cannot parse SQLite schema text (" + what + " at offset " +
                            std::to_string(peek().begin) + "): " + std::string(sql_));
    }

    std::string name() {
        const Token& t = next();
        if (t.kind == Tok::Word || t.kind == Tok::Quoted || t.kind == Tok::String) return t.value;
        --pos_;
        fail("expected a name");
    }
    // [schema .] name
    std::string qualified_name() {
        std::string n = name();
        if (accept(Tok::Dot)) n = name();
        return n;
    }

    // After an opening parenthesis: skips to its match; returns the text between.
    std::string balanced() {
        size_t start = peek().begin;
        int depth = 1;
        while (!at_end()) {
            const Token& t = next();
            if (t.kind == Tok::LParen) ++depth;
            if (t.kind == Tok::RParen && --depth == 0) return trim(sql_.substr(start, t.begin - start));
        }
        fail("unbalanced parentheses");
    }
    // ( name [COLLATE x] [ASC|DESC], ... )
    std::vector<std::string> column_list() {
        expect(Tok::LParen, "(");
        std::vector<std::string> cols;
        while (true) {
            cols.push_back(name());
            // Skip COLLATE / ASC / DESC and anything up to the next , or ).
            int depth = 0;
            while (!at_end() && !(depth == 0 && (peek().kind == Tok::Comma || peek().kind == Tok::RParen))) {
                if (peek().kind == Tok::LParen) ++depth;
                if (peek().kind == Tok::RParen) --depth;
                ++pos_;
            }
            if (accept(Tok::Comma)) continue;
            expect(Tok::RParen, ")");
            return cols;
        }
    }
    // Skips tokens until a top-level , or ) (the end of a table item).
    bool at_item_end() const { return peek().kind == Tok::Comma || peek().kind == Tok::RParen || at_end(); }

    static std::string trim(std::string_view s) {
        size_t b = 0, e = s.size();
        while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
        while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
        return std::string(s.substr(b, e - b));
    }

    std::string_view sql_;
    std::vector<Token> toks_;
    size_t pos_ = 0;
};

bool is_constraint_start(const Parser& p) {
    return p.is_kw("CONSTRAINT") || p.is_kw("PRIMARY") || p.is_kw("UNIQUE") || p.is_kw("CHECK") ||
           p.is_kw("FOREIGN");
}

// REFERENCES name [( cols )] and the actions after it (not needed: PRAGMA
// foreign_key_list reports them).
void fk_clause(Parser& p, ForeignKey& fk) {
    p.expect_kw("REFERENCES");
    fk.referred_table = p.qualified_name();
    if (p.peek().kind == Tok::LParen) fk.referred_columns = p.column_list();
}

// Skips the rest of a column constraint (DEFAULT value, ON CONFLICT, ...):
// up to the next constraint keyword or the end of the item.
void skip_clause(Parser& p) {
    while (!p.at_item_end()) {
        if (p.is_kw("CONSTRAINT") || p.is_kw("PRIMARY") || p.is_kw("UNIQUE") || p.is_kw("CHECK") ||
            p.is_kw("REFERENCES") || p.is_kw("NOT") || p.is_kw("NULL") || p.is_kw("DEFAULT") ||
            p.is_kw("COLLATE") || p.is_kw("GENERATED") || p.is_kw("AS") || p.is_kw("AUTOINCREMENT"))
            return;
        if (p.accept(Tok::LParen)) {
            p.balanced();
            continue;
        }
        p.next();
    }
}

void table_constraint(Parser& p, CreateTable& out) {
    std::optional<std::string> name;
    if (p.accept_kw("CONSTRAINT")) name = p.name();
    if (p.accept_kw("PRIMARY")) {
        p.expect_kw("KEY");
        out.primary_key = NamedColumns{name, p.column_list()};
        if (p.accept_kw("AUTOINCREMENT")) out.autoincrement = true;
    } else if (p.accept_kw("UNIQUE")) {
        out.unique_constraints.push_back({name, p.column_list()});
    } else if (p.accept_kw("CHECK")) {
        p.expect(Tok::LParen, "(");
        out.checks.push_back({name, p.balanced(), std::nullopt});
    } else if (p.accept_kw("FOREIGN")) {
        p.expect_kw("KEY");
        ForeignKey fk;
        fk.name = name;
        fk.columns = p.column_list();
        fk_clause(p, fk);
        out.foreign_keys.push_back(std::move(fk));
    } else {
        p.fail("expected a table constraint");
    }
    while (!p.at_item_end()) {
        if (p.accept(Tok::LParen)) p.balanced();
        else p.next();
    }
}

void column_def(Parser& p, CreateTable& out) {
    ColumnDef col;
    col.name = p.name();
    // The type: words and an optional (n[, m]) until a constraint keyword.
    size_t type_begin = p.peek().begin, type_end = type_begin;
    while (!p.at_item_end() && !p.is_kw("CONSTRAINT") && !p.is_kw("PRIMARY") && !p.is_kw("NOT") &&
           !p.is_kw("NULL") && !p.is_kw("UNIQUE") && !p.is_kw("CHECK") && !p.is_kw("DEFAULT") &&
           !p.is_kw("COLLATE") && !p.is_kw("REFERENCES") && !p.is_kw("GENERATED") && !p.is_kw("AS")) {
        if (p.accept(Tok::LParen)) {
            p.balanced();
            type_end = p.toks_[p.pos_ - 1].end;
            continue;
        }
        type_end = p.next().end;
    }
    col.type = Parser::trim(p.sql_.substr(type_begin, type_end > type_begin ? type_end - type_begin : 0));
    std::optional<std::string> cname;
    while (!p.at_item_end()) {
        if (p.accept_kw("CONSTRAINT")) {
            cname = p.name();
            continue;
        }
        if (p.accept_kw("PRIMARY")) {
            p.expect_kw("KEY");
            p.accept_kw("ASC") || p.accept_kw("DESC");
            out.primary_key = NamedColumns{cname, {col.name}};
            skip_clause(p);
            if (p.accept_kw("AUTOINCREMENT")) out.autoincrement = true;
        } else if (p.accept_kw("UNIQUE")) {
            out.unique_constraints.push_back({cname, {col.name}});
            skip_clause(p);
        } else if (p.accept_kw("CHECK")) {
            p.expect(Tok::LParen, "(");
            out.checks.push_back({cname, p.balanced(), col.name});
        } else if (p.is_kw("REFERENCES")) {
            ForeignKey fk;
            fk.name = cname;
            fk.columns = {col.name};
            fk_clause(p, fk);
            out.foreign_keys.push_back(std::move(fk));
            skip_clause(p);
        } else if (p.accept_kw("COLLATE")) {
            col.collation = p.name();
        } else if (p.accept_kw("DEFAULT")) {
            if (p.accept(Tok::LParen)) p.balanced();
            else {
                if (p.peek().kind == Tok::Other) p.next();   // a sign
                p.next();
            }
        } else if (p.accept_kw("AS") || p.accept_kw("GENERATED")) {
            p.accept_kw("ALWAYS");
            p.accept_kw("AS");
            if (p.accept(Tok::LParen)) p.balanced();
            p.accept_kw("STORED") || p.accept_kw("VIRTUAL");
        } else {
            p.next();   // NOT NULL, NULL, ON CONFLICT ...
            continue;
        }
        cname.reset();
    }
    out.columns.push_back(std::move(col));
}

}  // namespace

CreateTable parse_create_table(std::string_view sql) {
    Parser p(sql);
    p.expect_kw("CREATE");
    p.accept_kw("TEMP") || p.accept_kw("TEMPORARY");
    p.expect_kw("TABLE");
    if (p.accept_kw("IF")) {
        p.expect_kw("NOT");
        p.expect_kw("EXISTS");
    }
    CreateTable out;
    out.name = p.qualified_name();
    p.expect(Tok::LParen, "(");
    while (true) {
        if (is_constraint_start(p)) table_constraint(p, out);
        else column_def(p, out);
        if (p.accept(Tok::Comma)) continue;
        p.expect(Tok::RParen, ")");
        break;
    }
    while (!p.at_end()) {
        if (p.accept_kw("WITHOUT")) {
            p.expect_kw("ROWID");
            out.without_rowid = true;
        } else {
            p.next();
        }
    }
    return out;
}

CreateIndex parse_create_index(std::string_view sql) {
    Parser p(sql);
    p.expect_kw("CREATE");
    CreateIndex out;
    out.unique = p.accept_kw("UNIQUE");
    p.expect_kw("INDEX");
    if (p.accept_kw("IF")) {
        p.expect_kw("NOT");
        p.expect_kw("EXISTS");
    }
    out.name = p.qualified_name();
    p.expect_kw("ON");
    out.table = p.qualified_name();
    p.expect(Tok::LParen, "(");
    while (true) {
        IndexedItem item;
        size_t begin = p.peek().begin, end = begin;
        size_t first = p.pos_;
        int depth = 0;
        while (!p.at_end() && !(depth == 0 && (p.peek().kind == Tok::Comma || p.peek().kind == Tok::RParen))) {
            if (depth == 0 && (p.is_kw("ASC") || p.is_kw("DESC"))) {
                item.desc = p.is_kw("DESC");
                p.next();
                continue;
            }
            if (depth == 0 && p.is_kw("COLLATE")) {
                p.next();
                p.next();
                continue;
            }
            if (p.peek().kind == Tok::LParen) ++depth;
            if (p.peek().kind == Tok::RParen) --depth;
            end = p.next().end;
        }
        size_t count = 0;
        for (size_t i = first; i < p.pos_; ++i)
            if (p.toks_[i].end <= end) ++count;
        const Token& t = p.toks_[first];
        if (count == 1 && (t.kind == Tok::Word || t.kind == Tok::Quoted)) item.column = t.value;
        else item.expression = Parser::trim(sql.substr(begin, end - begin));
        out.items.push_back(std::move(item));
        if (p.accept(Tok::Comma)) continue;
        p.expect(Tok::RParen, ")");
        break;
    }
    if (p.accept_kw("WHERE")) out.where = Parser::trim(sql.substr(p.peek().begin));
    return out;
}

}  // namespace orm::dialect::sqlite_parse
