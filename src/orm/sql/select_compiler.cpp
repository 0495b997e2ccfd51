#include "orm/sql/select_compiler.hpp"

#include <algorithm>

#include "orm/core/error.hpp"

namespace orm::sql {

namespace {

// The FROM entries of `s`: its explicit ones, then every table or alias its
// expressions read that none covers and that it does not correlate.
std::vector<FromEntry> from_entries(const Select& s) {
    std::vector<FromEntry> entries = s.from;
    std::vector<FromRef> used;
    for (const auto* list : {&s.columns, &s.where, &s.group_by, &s.having, &s.order_by})
        for (const auto& e : *list) e->collect_froms(used);
    for (const auto& r : used) {
        if (std::find(s.correlate.begin(), s.correlate.end(), r) != s.correlate.end()) continue;
        bool covered = std::any_of(entries.begin(), entries.end(), [&](const FromEntry& f) { return f.contains(r); });
        if (!covered) entries.push_back(FromEntry{r.table, {}, r.alias});
    }
    return entries;
}

std::vector<FromRef> from_items(const std::vector<FromEntry>& entries) {
    std::vector<FromRef> out;
    for (const auto& e : entries) {
        if (!e.subquery) out.push_back({e.table, e.alias});
        for (const auto& j : e.joins) out.push_back({j.table, j.alias});
    }
    return out;
}

}  // namespace

ExprPtr exists(Select subquery) {
    auto e = std::make_shared<Expr>();
    e->kind = ExprKind::Exists;
    e->subquery = std::make_shared<const Select>(std::move(subquery));
    e->type = boolean_type();
    return e;
}

bool FromEntry::contains(const schema::Table* t) const { return contains(FromRef{t, ""}); }

bool FromEntry::contains(const FromRef& r) const {
    if (subquery ? (!r.alias.empty() && alias == r.alias) : (table == r.table && alias == r.alias)) return true;
    return std::any_of(joins.begin(), joins.end(), [&](const Join& j) { return j.table == r.table && j.alias == r.alias; });
}

std::string SQLCompiler::render_ilike(const std::string& left, const std::string& right, bool negate) const {
    return "lower(" + left + ") " + (negate ? "NOT LIKE" : "LIKE") + " lower(" + right + ")";
}

std::string SQLCompiler::render_limit_offset(const std::string& limit, const std::string& offset) const {
    std::string out;
    if (!limit.empty()) out += " LIMIT " + limit;
    if (!offset.empty()) out += " OFFSET " + offset;
    return out;
}

std::string SQLCompiler::text_clause(const ExprPtr& e, State& st) const {
    // SQLAlchemy's TextClause: `:name` not preceded by ':', a word character
    // or a backslash, and not followed by ':' (so `x::text` stays a cast);
    // `\:` is a plain colon.
    const std::string& t = e->op;
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    std::string out;
    for (size_t i = 0; i < t.size(); ++i) {
        char c = t[i];
        if (c == '\\' && i + 1 < t.size() && t[i + 1] == ':') {
            out += ':';
            ++i;
            continue;
        }
        bool starts = c == ':' && i + 1 < t.size() && word(t[i + 1]) && (i == 0 || (t[i - 1] != ':' && !word(t[i - 1])));
        if (!starts) {
            out += c;
            continue;
        }
        size_t j = i + 1;
        while (j < t.size() && word(t[j])) ++j;
        if (j < t.size() && t[j] == ':') {
            out += t.substr(i, j - i);
            i = j - 1;
            continue;
        }
        std::string name = t.substr(i + 1, j - i - 1);
        const ExprPtr* bound = nullptr;
        for (const auto& a : e->args)
            if (a->key == name) bound = &a;
        if (!bound) throw InputError("A value is required for bind parameter '" + name + "'");
        out += expr(*bound, st);
        i = j - 1;
    }
    return out;
}

// A composite operand is parenthesised: simpler than precedence tables, and
// never changes the meaning the Python expression had.
std::string SQLCompiler::operand(const ExprPtr& e, State& st) const {
    std::string s = expr(e, st);
    switch (e->kind) {
        case ExprKind::Binary:
        case ExprKind::BoolList:
        case ExprKind::InList:
        case ExprKind::Between:
            return "(" + s + ")";
        case ExprKind::Unary:
            return e->op == "NOT" ? "(" + s + ")" : s;
        default: return s;
    }
}

std::string SQLCompiler::expr(const ExprPtr& e, State& st, bool top, bool sequential) const {
    switch (e->kind) {
        case ExprKind::Column:
            if (!e->table) return ddl_->quote(e->column->name);
            if (!e->alias.empty())
                return ddl_->quote(e->alias) + "." + ddl_->quote(e->alias_name.empty() ? e->column->name : e->alias_name);
            return ddl_->format_table(*e->table) + "." + ddl_->quote(e->column->name);
        case ExprKind::Bind: {
            st.params.push_back({e->value, e->type});
            std::string ph = sequential ? sequential_placeholder(st.params.size()) : placeholder(st.params.size());
            return top ? render_select_bind(ph, st.params.back()) : ph;
        }
        case ExprKind::Parameter:
            st.params.push_back({Literal::null(), e->type, st.parameters++});
            return sequential ? sequential_placeholder(st.params.size()) : placeholder(st.params.size());
        case ExprKind::Null: return "NULL";
        case ExprKind::Star: return "*";
        case ExprKind::Text: return text_clause(e, st);
        case ExprKind::Exists: {
            // SQLAlchemy's correlation: of the items the subquery may correlate, those the enclosing SELECT has.
            Select sub = *e->subquery;
            std::vector<FromRef> correlate;
            for (const auto& r : sub.correlate)
                if (!st.enclosing.empty() &&
                    std::find(st.enclosing.back().begin(), st.enclosing.back().end(), r) != st.enclosing.back().end())
                    correlate.push_back(r);
            sub.correlate = std::move(correlate);
            auto entries = from_entries(sub);
            st.enclosing.push_back(from_items(entries));
            std::string out = "EXISTS (SELECT 1 \nFROM " + from_text(entries, st);
            if (!sub.where.empty()) out += " \nWHERE " + expr(and_(sub.where), st);
            st.enclosing.pop_back();
            return out + ")";
        }
        case ExprKind::Binary: {
            std::string l = operand(e->args[0], st);
            if (e->op == "ILIKE" || e->op == "NOT ILIKE") return render_ilike(l, operand(e->args[1], st), e->op == "NOT ILIKE");
            return l + " " + e->op + " " + operand(e->args[1], st);
        }
        case ExprKind::Unary:
            return e->op == "NOT" ? "NOT " + operand(e->args[0], st) : e->op + operand(e->args[0], st);
        case ExprKind::BoolList: {
            std::string out;
            for (size_t i = 0; i < e->args.size(); ++i) out += (i ? " " + e->op + " " : "") + operand(e->args[i], st);
            return out;
        }
        case ExprKind::Function: {
            std::string out = e->op + "(";
            for (size_t i = 0; i < e->args.size(); ++i) out += (i ? ", " : "") + expr(e->args[i], st);
            return out + ")";
        }
        case ExprKind::Label: return expr(e->args[0], st, top) + " AS " + ddl_->quote(e->op);
        case ExprKind::Ordering: return operand(e->args[0], st) + " " + e->op;
        case ExprKind::InList: {
            std::string l = operand(e->args[0], st);
            if (e->args.size() == 1)   // an empty IN: SQLAlchemy's empty-set expression, always false (true for NOT IN)
                return e->op == "IN" ? "1 != 1" : "1 = 1";
            std::string out = l + " " + e->op + " (";
            for (size_t i = 1; i < e->args.size(); ++i) out += (i > 1 ? ", " : "") + expr(e->args[i], st);
            return out + ")";
        }
        case ExprKind::Between: {
            // Rendered in order: placeholders are numbered as they are met.
            std::string out = operand(e->args[0], st) + " " + e->op + " ";
            out += operand(e->args[1], st);
            out += " AND ";
            return out + operand(e->args[2], st);
        }
        case ExprKind::Case: {
            std::string out = "CASE";
            size_t pairs = (e->args.size() - (e->op == "else" ? 1 : 0)) / 2;
            for (size_t i = 0; i < pairs; ++i) {
                out += " WHEN " + expr(e->args[2 * i], st);
                out += " THEN " + expr(e->args[2 * i + 1], st);
            }
            if (e->op == "else") out += " ELSE " + expr(e->args.back(), st);
            return out + " END";
        }
        case ExprKind::Cast: {
            static const schema::MetaData no_metadata;
            return "CAST(" + expr(e->args[0], st) + " AS " + ddl_->type_spec(*e->type, no_metadata, nullptr) + ")";
        }
    }
    return "";
}

std::string SQLCompiler::from_text(const std::vector<FromEntry>& entries, State& st) const {
    std::string out;
    for (size_t i = 0; i < entries.size(); ++i) {
        const auto& entry = entries[i];
        if (i) out += ", ";
        if (entry.subquery) out += "(" + select_text(*entry.subquery, st) + ") AS " + ddl_->quote(entry.alias);
        else out += ddl_->format_table(*entry.table) + (entry.alias.empty() ? "" : " AS " + ddl_->quote(entry.alias));
        for (const auto& j : entry.joins) {
            out += std::string(j.outer ? " LEFT OUTER JOIN " : " JOIN ") + ddl_->format_table(*j.table);
            if (!j.alias.empty()) out += " AS " + ddl_->quote(j.alias);
            out += " ON " + expr(j.on, st);
        }
    }
    return out;
}

std::string SQLCompiler::select_text(const Select& s, State& st) const {
    if (s.columns.empty()) throw InputError("a SELECT needs at least one column");
    auto entries = from_entries(s);
    st.enclosing.push_back(from_items(entries));
    std::string sql = "SELECT ";
    if (!s.distinct_on.empty() && supports_distinct_on()) {
        sql += "DISTINCT ON (";
        for (size_t i = 0; i < s.distinct_on.size(); ++i) sql += (i ? ", " : "") + expr(s.distinct_on[i], st);
        sql += ") ";
    } else if (s.distinct || !s.distinct_on.empty()) {
        sql += "DISTINCT ";
    }
    for (size_t i = 0; i < s.columns.size(); ++i) sql += (i ? ", " : "") + expr(s.columns[i], st, true);
    std::string from = from_text(entries, st);
    if (!from.empty()) sql += " \nFROM " + from;
    if (!s.where.empty()) sql += " \nWHERE " + expr(and_(s.where), st);
    if (!s.group_by.empty()) {
        sql += " GROUP BY ";
        for (size_t i = 0; i < s.group_by.size(); ++i) sql += (i ? ", " : "") + expr(s.group_by[i], st);
    }
    if (!s.having.empty()) sql += " \nHAVING " + expr(and_(s.having), st);
    if (!s.order_by.empty()) {
        sql += " ORDER BY ";
        for (size_t i = 0; i < s.order_by.size(); ++i) sql += (i ? ", " : "") + expr(s.order_by[i], st);
    }
    std::string limit, offset;
    if (s.limit) {
        st.params.push_back({Literal::integer(*s.limit), integer_type()});
        limit = placeholder(st.params.size());
    }
    if (s.offset) {
        st.params.push_back({Literal::integer(*s.offset), integer_type()});
        offset = placeholder(st.params.size());
    }
    if (s.limit || s.offset) sql += "\n" + render_limit_offset(limit, offset);
    st.enclosing.pop_back();
    return sql;
}

bool CompiledStatement::parameters_only() const {
    for (std::size_t i = 0; i < params.size(); ++i)
        if (params[i].parameter != i) return false;
    return true;
}

std::string SQLCompiler::where_text(const std::vector<ExprPtr>& where, State& st) const {
    std::string out;
    for (const auto& clause : where) {
        if (!out.empty()) out += " AND ";
        out += clause->kind == ExprKind::Binary ? expr(clause, st) : operand(clause, st);
    }
    return out;
}

CompiledStatement SQLCompiler::compile(const Select& select) const {
    State st;
    std::string sql = select_text(select, st);
    return {std::move(sql), std::move(st.params)};
}

CompiledStatement SQLCompiler::compile_count(const Select& select) const {
    State st;
    std::string inner = select_text(select, st);
    return {"SELECT count(*) AS count_1 \nFROM (" + inner + ") AS anon_1", std::move(st.params)};
}

CompiledStatement SQLCompiler::compile_expression(const ExprPtr& e) const {
    State st;
    std::string sql = expr(e, st);
    return {std::move(sql), std::move(st.params)};
}

}  // namespace orm::sql
