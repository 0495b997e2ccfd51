#include "orm/query/reader.hpp"

#include <map>
#include <set>

#include "orm/core/error.hpp"
#include "orm/core/number.hpp"
#include "orm/python/parser.hpp"
#include "orm/query/reader_values.hpp"
#include "orm/session/value.hpp"

namespace orm::query {

namespace py = orm::python;
using session::Mapper;
using session::Query;
using session::RelationshipProperty;

namespace {

using namespace detail;

class Reader {
public:
    Reader(std::shared_ptr<const SourceFile> src, session::Session& s) : src_(std::move(src)), session_(s) {}

    ReadQuery read() {
        auto tree = py::parse_expression(src_);
        Val v = eval(*tree);
        ReadQuery out;
        if (v.k == Val::K::entity) {
            out.query = std::make_unique<Query>(session_, std::vector<session::QueryEntity>{session::QueryEntity::entity(*v.mapper)});
            return out;
        }
        if (v.k == Val::K::query) {
            out.query = std::make_unique<Query>(*v.query);
            return out;
        }
        if (v.k == Val::K::terminal) {
            out.query = std::make_unique<Query>(*v.query);
            out.terminal = v.terminal;
            out.get_key = v.key;
            return out;
        }
        fail("expected a query such as session.query(Customer).all() or a mapped class name, not a " + kind_name(v),
             tree->loc);
    }

private:
    [[noreturn]] void fail(const std::string& message, const SourceLocation& loc) const {
        throw InputError(message, src_, loc);
    }

    // Runs `f`, giving an InputError without a location (from the sql and
    // session layers) the location of `loc`.
    template <class F>
    auto located(const SourceLocation& loc, F&& f) -> decltype(f()) {
        try {
            return f();
        } catch (const InputError& e) {
            if (e.file()) throw;
            fail(e.message(), loc);
        }
    }

    Val make_expr(sql::ExprPtr e) {
        Val v;
        v.k = Val::K::expr;
        v.expr = std::move(e);
        return v;
    }

    // A SQL expression (a column, a literal, an operator...) or an error at `loc`.
    sql::ExprPtr need_expr(const Val& v, const SourceLocation& loc, const char* what = "a SQL expression") {
        if (v.k == Val::K::expr) return v.expr;
        if (v.k == Val::K::relationship)
            fail("relationship '" + v.rel->parent->class_name() + "." + v.rel->key +
                     "' cannot be used as a column here; compare its columns instead",
                 loc);
        fail(std::string("expected ") + what + ", got " + kind_name(v), loc);
    }

    sql::ExprPtr need_sql(const Val& v, const SourceLocation& loc) {
        auto e = need_expr(v, loc);
        return e;
    }

    const Mapper* class_named(const std::string& name) const {
        for (const auto* m : session_.registry().mappers())
            if (m->class_name() == name) return m;
        return nullptr;
    }

    Val eval(const py::Expr& e) {
        switch (e.kind) {
            case py::ExprKind::Constant: return constant(*e.as<py::Constant>());
            case py::ExprKind::Name: return name(*e.as<py::Name>());
            case py::ExprKind::Attribute: return attribute(*e.as<py::Attribute>());
            case py::ExprKind::Call: return call(*e.as<py::Call>());
            case py::ExprKind::Compare: return compare(*e.as<py::Compare>());
            case py::ExprKind::BinOp: return binop(*e.as<py::BinOp>());
            case py::ExprKind::UnaryOp: return unary(*e.as<py::UnaryOp>());
            case py::ExprKind::NamedExpr: {
                // (name := value): later parts of the expression may use `name` (an aliased class, typically).
                const auto& ne = *e.as<py::NamedExpr>();
                const auto* target = ne.target->as<py::Name>();
                if (!target) fail("':=' needs a plain name on its left", ne.target->loc);
                Val v = eval(*ne.value);
                scope_[target->id] = v;
                return v;
            }
            case py::ExprKind::BoolOp:
                fail("Boolean value of this clause is not defined: combine SQL conditions with & and | or with "
                     "and_() / or_(), not Python's 'and' / 'or'",
                     e.loc);
            case py::ExprKind::List:
            case py::ExprKind::Tuple: {
                Val v;
                v.k = Val::K::list;
                const auto& elts = e.kind == py::ExprKind::List ? e.as<py::List>()->elts : e.as<py::Tuple>()->elts;
                for (const auto& x : elts) v.items.push_back(eval(*x));
                return v;
            }
            default: fail("this kind of Python expression is not part of the query syntax", e.loc);
        }
    }

    Val constant(const py::Constant& c) {
        switch (c.value_kind) {
            case py::ConstantKind::None: return make_expr(sql::bind(sql::Literal::null()));
            case py::ConstantKind::True: return make_expr(sql::bind(sql::Literal::boolean(true)));
            case py::ConstantKind::False: return make_expr(sql::bind(sql::Literal::boolean(false)));
            case py::ConstantKind::Int:
                try {
                    return make_expr(sql::bind(sql::Literal::integer(c.int_value())));
                } catch (const std::out_of_range&) {
                    fail("integer literal out of range", c.loc);
                }
            case py::ConstantKind::Float:
                if (auto d = parse_real(c.value)) return make_expr(sql::bind(sql::Literal::real(*d)));
                fail("float literal out of range", c.loc);
            case py::ConstantKind::String: return make_expr(sql::bind(sql::Literal::string(c.value)));
            default: fail("this literal is not a value a query can use", c.loc);
        }
    }

    Val name(const py::Name& n) {
        if (auto it = scope_.find(n.id); it != scope_.end()) return it->second;
        Val v;
        if (n.id == "session") {
            v.k = Val::K::session;
            return v;
        }
        if (const Mapper* m = class_named(n.id)) {
            v.k = Val::K::entity;
            v.mapper = m;
            return v;
        }
        if (n.id == "func") {
            v.k = Val::K::func_ns;
            return v;
        }
        if (kGlobals.count(n.id)) {
            v.k = Val::K::callable;
            v.name = n.id;
            return v;
        }
        static const std::set<std::string> builtins = {"__import__", "exec", "eval", "open", "compile", "getattr",
                                                       "setattr", "globals", "locals", "vars", "input", "print",
                                                       "breakpoint", "delattr", "__builtins__"};
        if (builtins.count(n.id))
            fail("'" + n.id + "' is not allowed in a query expression: only the query API can be called", n.loc);
        std::string classes;
        for (const auto* m : session_.registry().mappers()) classes += (classes.empty() ? "" : ", ") + m->class_name();
        fail("name '" + n.id + "' is not defined (the models define: " + classes + ")", n.loc);
    }

    Val attribute(const py::Attribute& a) {
        Val base = eval(*a.value);
        const auto& loc = a.attr_loc.known() ? a.attr_loc : a.loc;
        Val v;
        switch (base.k) {
            case Val::K::session:
                if (a.attr == "query") {
                    v.k = Val::K::method;
                    v.name = "query";
                    v.self = std::make_shared<Val>(base);
                    return v;
                }
                fail("'Session." + a.attr + "' is not allowed: a query expression starts with session.query(...)", loc);
            case Val::K::entity: {
                if (const auto* col = base.mapper->column(a.attr)) {
                    (void)col;
                    return make_expr(Query::column(*base.mapper, a.attr, base.alias));
                }
                if (const auto* r = base.mapper->relationship(a.attr)) {
                    if (!base.alias.empty())
                        fail("relationships of an aliased() class are not supported: join or load through " +
                                 base.mapper->class_name() + "." + a.attr,
                             loc);
                    v.k = Val::K::relationship;
                    v.rel = r;
                    return v;
                }
                std::string keys;
                for (const auto& k : base.mapper->attribute_order()) keys += (keys.empty() ? "" : ", ") + k;
                fail("type object '" + base.mapper->class_name() + "' has no attribute '" + a.attr +
                         "' (its attributes: " + keys + ")",
                     loc);
            }
            case Val::K::query:
                if (kBuilders.count(a.attr) || kTerminals.count(a.attr)) {
                    v.k = Val::K::method;
                    v.name = a.attr;
                    v.self = std::make_shared<Val>(base);
                    return v;
                }
                if (kRefusedQueryMethods.count(a.attr))
                    fail("Query." + a.attr + "() is not allowed: a query expression may only read", loc);
                fail("'Query' object has no attribute '" + a.attr + "'", loc);
            case Val::K::expr:
                if (kColumnMethods.count(a.attr) && !base.literal()) {
                    v.k = Val::K::method;
                    v.name = a.attr;
                    v.self = std::make_shared<Val>(base);
                    return v;
                }
                if (base.literal()) fail("'" + kind_name(base) + "' object has no attribute '" + a.attr + "'", loc);
                fail("SQL expression has no method '" + a.attr + "' (column methods: in_, not_in, like, ilike, "
                     "startswith, endswith, contains, between, is_, is_not, desc, asc, label)",
                     loc);
            case Val::K::func_ns:
                if (!allowed_function(a.attr))
                    fail("func." + a.attr + " is not allowed: a query may call only aggregate and read-only SQL "
                         "functions (count, sum, avg, min, max, lower, upper, coalesce, length, ...)",
                         loc);
                v.k = Val::K::callable;
                v.name = "func." + a.attr;
                return v;
            case Val::K::relationship:
                if (a.attr == "any" || a.attr == "has") {
                    v.k = Val::K::method;
                    v.name = a.attr;
                    v.self = std::make_shared<Val>(base);
                    return v;
                }
                fail("relationship '" + base.rel->parent->class_name() + "." + base.rel->key + "' has no method '" +
                         a.attr + "' (its comparators: any() for a collection, has() for a single object)",
                     loc);
            case Val::K::option:
                if (a.attr == "joinedload" || a.attr == "selectinload") {
                    v.k = Val::K::method;
                    v.name = a.attr;
                    v.self = std::make_shared<Val>(base);
                    return v;
                }
                fail("loader option has no method '" + a.attr + "' (chain joinedload() or selectinload())", loc);
            case Val::K::terminal:
                fail("'" + a.attr + "' cannot follow a terminal method: all(), first(), one(), one_or_none(), "
                     "scalar(), count() and get() end the query",
                     loc);
            default: fail("'" + kind_name(base) + "' object has no attribute '" + a.attr + "'", loc);
        }
    }

    std::vector<Val> positional(const py::Call& c) {
        std::vector<Val> out;
        for (const auto& a : c.args) {
            if (a->kind == py::ExprKind::Starred) fail("*arguments are not part of the query syntax", a->loc);
            out.push_back(eval(*a));
        }
        return out;
    }

    void no_keywords(const py::Call& c, const std::string& what) {
        if (!c.keywords.empty()) fail(what + "() takes no keyword arguments", c.keywords.front().loc);
    }

    void arity(const py::Call& c, size_t lo, size_t hi, const std::string& what) {
        if (c.args.size() < lo || c.args.size() > hi) {
            std::string want = lo == hi ? std::to_string(lo) : std::to_string(lo) + " to " + std::to_string(hi);
            fail(what + "() takes " + want + " positional argument" + (hi == 1 ? "" : "s") + ", got " +
                     std::to_string(c.args.size()),
                 c.loc);
        }
    }

    std::optional<std::int64_t> int_or_none(const Val& v, const SourceLocation& loc, const std::string& what) {
        if (v.literal() && v.expr->value.kind == sql::Literal::Kind::null) return std::nullopt;
        if (v.literal() && v.expr->value.kind == sql::Literal::Kind::integer) return v.expr->value.i;
        fail(what + "() takes an integer, got " + kind_name(v), loc);
    }

    Val call(const py::Call& c) {
        Val f = eval(*c.func);
        if (f.k == Val::K::method) return method(f, c);
        if (f.k == Val::K::callable) return function(f.name, c);
        fail("'" + kind_name(f) + "' object is not callable", c.func->loc);
    }

    Val function(const std::string& fname, const py::Call& c) {
        if (fname.rfind("func.", 0) == 0) {
            no_keywords(c, fname);
            auto args = positional(c);
            std::vector<sql::ExprPtr> exprs;
            for (size_t i = 0; i < args.size(); ++i) exprs.push_back(need_expr(args[i], c.args[i]->loc));
            return make_expr(located(c.loc, [&] { return sql::function(fname.substr(5), exprs); }));
        }
        if (fname == "and_" || fname == "or_") {
            no_keywords(c, fname);
            auto args = positional(c);
            if (args.empty()) fail(fname + "() needs at least one condition", c.loc);
            std::vector<sql::ExprPtr> exprs;
            for (size_t i = 0; i < args.size(); ++i) exprs.push_back(need_expr(args[i], c.args[i]->loc));
            return make_expr(fname == "and_" ? sql::and_(exprs) : sql::or_(exprs));
        }
        if (fname == "not_" || fname == "desc" || fname == "asc" || fname == "literal") {
            no_keywords(c, fname);
            arity(c, 1, 1, fname);
            Val a = eval(*c.args[0]);
            if (fname == "literal") {
                if (!a.literal()) fail("literal() takes a plain value, got " + kind_name(a), c.args[0]->loc);
                return make_expr(sql::bind(a.expr->value, sql::literal_type(a.expr->value)));
            }
            auto e = need_expr(a, c.args[0]->loc);
            if (fname == "not_") return make_expr(sql::not_(e));
            return make_expr(sql::ordering(e, fname == "desc"));
        }
        if (fname == "null" || fname == "true" || fname == "false") {
            arity(c, 0, 0, fname);
            if (fname == "null") return make_expr(sql::bind(sql::Literal::null()));
            return make_expr(sql::bind(sql::Literal::boolean(fname == "true"), sql::boolean_type()));
        }
        if (fname == "Decimal") {
            arity(c, 1, 1, fname);
            Val a = eval(*c.args[0]);
            if (!a.literal() || (a.expr->value.kind != sql::Literal::Kind::text &&
                                 a.expr->value.kind != sql::Literal::Kind::integer))
                fail("Decimal() takes a string of digits", c.args[0]->loc);
            std::string digits = a.expr->value.kind == sql::Literal::Kind::text ? a.expr->value.text
                                                                                  : std::to_string(a.expr->value.i);
            auto norm = session::normalize_decimal(digits);
            if (!norm) fail("'" + digits + "' is not a decimal number", c.args[0]->loc);
            return make_expr(sql::bind(sql::Literal::decimal(*norm)));
        }
        if (fname == "aliased") {
            // aliased(Class[, name='x']): the class under a table alias, anonymous (<table>_<n>) without a name.
            arity(c, 1, 2, fname);
            Val cls = eval(*c.args[0]);
            if (cls.k != Val::K::entity || !cls.alias.empty())
                fail("aliased() takes a mapped class, got " + kind_name(cls), c.args[0]->loc);
            std::optional<std::string> given;
            auto take_name = [&](const py::Expr& arg) {
                Val nv = eval(arg);
                if (!nv.literal() || nv.expr->value.kind != sql::Literal::Kind::text || nv.expr->value.text.empty())
                    fail("aliased(): name= takes a non-empty string", arg.loc);
                given = nv.expr->value.text;
            };
            if (c.args.size() == 2) take_name(*c.args[1]);
            for (const auto& kw : c.keywords) {
                if (kw.name != std::optional<std::string>("name") || given)
                    fail("aliased() takes only the keyword name=", kw.loc);
                take_name(*kw.value);
            }
            Val v = cls;
            const std::string& table = cls.mapper->table().name;
            v.alias = given ? *given : table + "_" + std::to_string(++anonymous_aliases_[table]);
            v.alias_named = given.has_value();
            return v;
        }
        if (fname == "joinedload" || fname == "selectinload") {
            Val v;
            v.k = Val::K::option;
            v.chain.push_back(load_link(fname, c, nullptr));
            return v;
        }
        if (fname == "case") {
            std::vector<std::pair<sql::ExprPtr, sql::ExprPtr>> whens;
            for (const auto& a : c.args) {
                const auto* t = a->as<py::Tuple>();
                if (!t || t->elts.size() != 2) fail("case() takes (condition, value) tuples", a->loc);
                whens.push_back({need_expr(eval(*t->elts[0]), t->elts[0]->loc), need_expr(eval(*t->elts[1]), t->elts[1]->loc)});
            }
            if (whens.empty()) fail("case() needs at least one (condition, value) tuple", c.loc);
            sql::ExprPtr else_value;
            for (const auto& kw : c.keywords) {
                if (kw.name != std::optional<std::string>("else_")) fail("case() takes only the keyword else_", kw.loc);
                else_value = need_expr(eval(*kw.value), kw.value->loc);
            }
            return make_expr(sql::case_(std::move(whens), else_value));
        }
        fail("'" + fname + "' cannot be called here", c.loc);
    }

    LoadLink load_link(const std::string& fname, const py::Call& c, const RelationshipProperty* after) {
        no_keywords(c, fname);
        arity(c, 1, 1, fname);
        Val a = eval(*c.args[0]);
        if (a.k != Val::K::relationship)
            fail(fname + "() takes a relationship attribute such as Customer.orders, got " + kind_name(a), c.args[0]->loc);
        if (after && a.rel->parent != after->target)
            fail("Attribute \"" + a.rel->parent->class_name() + "." + a.rel->key + "\" does not link from element \"" +
                     after->target->describe() + "\"",
                 c.args[0]->loc);
        return {a.rel, fname == "joinedload" ? session::LoadStrategy::joined : session::LoadStrategy::selectin};
    }

    Val method(const Val& f, const py::Call& c) {
        const Val& self = *f.self;
        const std::string& m = f.name;
        if (self.k == Val::K::session) return start_query(c);
        if (self.k == Val::K::option) {
            Val v = self;
            v.chain.push_back(load_link(m, c, self.chain.back().rel));
            return v;
        }
        if (self.k == Val::K::expr) return column_method(self, m, c);
        if (self.k == Val::K::relationship) return relationship_method(self, m, c);
        return query_method(self, m, c);
    }

    // Customer.orders.any([criterion], [key=value, ...]) / Order.customer.has(...).
    Val relationship_method(const Val& self, const std::string& m, const py::Call& c) {
        const auto& r = *self.rel;
        if (m == "any" && !r.uselist) fail("'any()' not implemented for scalar attributes. Use has().", c.func->loc);
        if (m == "has" && r.uselist) fail("'has()' not implemented for collections.  Use any().", c.func->loc);
        arity(c, 0, 1, m);
        std::vector<sql::ExprPtr> crit;
        if (!c.args.empty()) crit.push_back(need_expr(eval(*c.args[0]), c.args[0]->loc, "a condition"));
        for (const auto& kw : c.keywords) {
            if (!kw.name) fail("**arguments are not part of the query syntax", kw.loc);
            auto value = need_expr(eval(*kw.value), kw.value->loc);
            crit.push_back(located(kw.loc, [&] { return sql::compare("=", Query::column(*r.target, *kw.name), value); }));
        }
        sql::ExprPtr criterion = crit.empty() ? nullptr : crit.size() == 1 ? crit[0] : sql::and_(crit);
        return make_expr(located(c.loc, [&] { return Query::relationship_exists(r, criterion); }));
    }

    Val start_query(const py::Call& c) {
        no_keywords(c, "query");
        auto args = positional(c);
        if (args.empty()) fail("session.query() needs at least one class or column", c.loc);
        std::vector<session::QueryEntity> entities;
        for (size_t i = 0; i < args.size(); ++i) {
            if (args[i].k == Val::K::entity)
                entities.push_back(session::QueryEntity::entity(*args[i].mapper, args[i].alias, args[i].alias_named));
            else entities.push_back(session::QueryEntity::column(need_expr(args[i], c.args[i]->loc, "a class or a column")));
        }
        Val v;
        v.k = Val::K::query;
        v.query = std::make_shared<Query>(session_, std::move(entities));
        return v;
    }

    Val column_method(const Val& self, const std::string& m, const py::Call& c) {
        auto e = self.expr;
        auto args = positional(c);
        auto arg = [&](size_t i) { return need_expr(args[i], c.args[i]->loc); };
        if (m == "in_" || m == "not_in" || m == "notin_") {
            no_keywords(c, m);
            arity(c, 1, 1, m);
            if (args[0].k != Val::K::list)
                fail("IN expression list, SELECT construct, or bound parameter object expected, got " +
                         kind_name(args[0]),
                     c.args[0]->loc);
            std::vector<sql::ExprPtr> items;
            const auto* elts = c.args[0]->as<py::List>() ? &c.args[0]->as<py::List>()->elts : &c.args[0]->as<py::Tuple>()->elts;
            for (size_t i = 0; i < args[0].items.size(); ++i) items.push_back(need_expr(args[0].items[i], (*elts)[i]->loc));
            return make_expr(sql::in_(e, items, m != "in_"));
        }
        if (m == "desc" || m == "asc") {
            arity(c, 0, 0, m);
            return make_expr(sql::ordering(e, m == "desc"));
        }
        if (m == "label") {
            arity(c, 1, 1, m);
            if (!args[0].literal() || args[0].expr->value.kind != sql::Literal::Kind::text)
                fail("label() takes a name string", c.args[0]->loc);
            return make_expr(sql::label(e, args[0].expr->value.text));
        }
        if (m == "between") {
            arity(c, 2, 2, m);
            return make_expr(sql::between(e, arg(0), arg(1)));
        }
        if (m == "is_" || m == "is_not" || m == "isnot") {
            arity(c, 1, 1, m);
            return make_expr(sql::compare(m == "is_" ? "IS" : "IS NOT", e, arg(0)));
        }
        arity(c, 1, 1, m);
        if (c.keywords.size() > 0) fail(m + "(): keyword arguments (escape=, autoescape=) are not supported", c.keywords[0].loc);
        auto pattern = arg(0);
        if (m == "startswith") return make_expr(sql::like_affix(e, pattern, false, true));
        if (m == "endswith") return make_expr(sql::like_affix(e, pattern, true, false));
        if (m == "contains") return make_expr(sql::like_affix(e, pattern, true, true));
        std::string op = m == "like" ? "LIKE" : m == "ilike" ? "ILIKE" : (m == "not_like" || m == "notlike") ? "NOT LIKE" : "NOT ILIKE";
        return make_expr(sql::compare(op, e, pattern));
    }

    // .all(), .first(), .get(pk)...: ends the query; `v` is the query read so far.
    Val terminal(Val v, const std::string& m, const py::Call& c) {
        const Query& q = *v.query;
        no_keywords(c, m);
        v.k = Val::K::terminal;
        if (m == "get") {
            arity(c, 1, 1, m);
            Val key = eval(*c.args[0]);
            std::vector<Val> parts = key.k == Val::K::list ? key.items : std::vector<Val>{key};
            for (const auto& p : parts) {
                if (!p.literal()) fail("get() takes a primary key value or a tuple of them", c.args[0]->loc);
                v.key.push_back(to_value(p.expr->value));
            }
            const Mapper* pm = q.entities().front().mapper;
            if (!pm) fail("get() needs a query of one entity, as session.query(Customer).get(1)", c.loc);
            if (v.key.size() != pm->primary_key().size())
                fail("Incorrect number of values in identifier formed from argument to get(); primary key "
                     "for " + pm->describe() + " has " + std::to_string(pm->primary_key().size()) + " column(s)",
                     c.args[0]->loc);
            v.terminal = Terminal::get;
            return v;
        }
        arity(c, 0, 0, m);
        v.terminal = m == "all" ? Terminal::all : m == "first" ? Terminal::first : m == "one" ? Terminal::one
                   : m == "one_or_none" ? Terminal::one_or_none : m == "scalar" ? Terminal::scalar : Terminal::count;
        return v;
    }

    // .join(target[, on]) / .outerjoin(...), isouter= too.
    void join(Query& nq, const std::string& m, const py::Call& c) {
        bool outer = m == "outerjoin";
        for (const auto& kw : c.keywords) {
            if (kw.name == std::optional<std::string>("isouter")) {
                Val b = eval(*kw.value);
                if (!b.literal() || b.expr->value.kind != sql::Literal::Kind::boolean)
                    fail("isouter= takes True or False", kw.value->loc);
                outer = outer || b.expr->value.i;
            } else {
                fail(m + "(): only the keyword isouter= is supported", kw.loc);
            }
        }
        arity(c, 1, 2, m);
        Val target = eval(*c.args[0]);
        session::JoinTarget jt;
        if (target.k == Val::K::entity) {
            jt.mapper = target.mapper;
            jt.alias = target.alias;
        }
        else if (target.k == Val::K::relationship) jt.relationship = target.rel;
        else fail(m + "() takes a class or a relationship attribute, got " + kind_name(target), c.args[0]->loc);
        if (c.args.size() == 2) {
            if (jt.relationship) fail("a relationship join takes no on-clause", c.args[1]->loc);
            jt.on = need_expr(eval(*c.args[1]), c.args[1]->loc, "an on-clause");
        }
        located(c.loc, [&] { nq.join(jt, outer); return 0; });
    }

    // .options(joinedload(A.b).selectinload(B.c), ...): eager loads of the query's root entities.
    void options(Query& nq, const std::vector<Val>& args, const py::Call& c) {
        for (size_t i = 0; i < args.size(); ++i) {
            if (args[i].k != Val::K::option)
                fail("options() takes joinedload(...) or selectinload(...), got " + kind_name(args[i]), c.args[i]->loc);
            const auto* root = args[i].chain.front().rel->parent;
            bool applies = false;
            for (const auto& e : nq.entities()) applies = applies || (e.mapper == root && e.alias.empty());
            if (!applies)
                fail("Mapped attribute \"" + root->class_name() + "." + args[i].chain.front().rel->key +
                         "\" does not apply to any of the root entities in this query",
                     c.args[i]->loc);
            session::EagerLoad load;
            session::EagerLoad* cur = &load;
            for (size_t k = 0; k < args[i].chain.size(); ++k) {
                if (k) {
                    cur->children.push_back({});
                    cur = &cur->children.back();
                }
                cur->relationship = args[i].chain[k].rel;
                cur->strategy = args[i].chain[k].strategy;
            }
            nq.options(std::move(load));
        }
    }

    Val query_method(const Val& self, const std::string& m, const py::Call& c) {
        Val v = self;
        const Query& q = *v.query;
        if (kTerminals.count(m)) return terminal(v, m, c);
        v.query = std::make_shared<Query>(q);
        Query& nq = *v.query;
        if (m == "filter_by") {
            if (!c.args.empty()) fail("filter_by() takes keyword arguments only: filter_by(name='x')", c.args[0]->loc);
            std::vector<std::pair<std::string, sql::ExprPtr>> crit;
            for (const auto& kw : c.keywords) {
                if (!kw.name) fail("**arguments are not part of the query syntax", kw.loc);
                crit.push_back({*kw.name, need_expr(eval(*kw.value), kw.value->loc)});
                located(kw.loc, [&] { nq.filter_by({crit.back()}); return 0; });
            }
            return v;
        }
        if (m == "join" || m == "outerjoin") {
            join(nq, m, c);
            return v;
        }
        no_keywords(c, m);
        auto args = positional(c);
        if (m == "filter") {
            for (size_t i = 0; i < args.size(); ++i) nq.filter(need_expr(args[i], c.args[i]->loc, "a condition"));
        } else if (m == "order_by") {
            if (args.size() == 1 && args[0].literal() && args[0].expr->value.kind == sql::Literal::Kind::null) {
                nq.order_by({});
                return v;
            }
            std::vector<sql::ExprPtr> exprs;
            for (size_t i = 0; i < args.size(); ++i) {
                if (args[i].literal()) fail("order_by() takes columns or expressions, not a plain value", c.args[i]->loc);
                exprs.push_back(need_expr(args[i], c.args[i]->loc));
            }
            nq.order_by(exprs);
        } else if (m == "group_by") {
            std::vector<sql::ExprPtr> exprs;
            for (size_t i = 0; i < args.size(); ++i) exprs.push_back(need_expr(args[i], c.args[i]->loc));
            nq.group_by(exprs);
        } else if (m == "having") {
            arity(c, 1, 1, m);
            nq.having(need_expr(args[0], c.args[0]->loc, "a condition"));
        } else if (m == "limit" || m == "offset") {
            arity(c, 1, 1, m);
            auto n = int_or_none(args[0], c.args[0]->loc, m);
            if (n && *n < 0) fail(m + "() takes a number that is not negative", c.args[0]->loc);
            if (m == "limit") nq.limit(n);
            else nq.offset(n);
        } else if (m == "distinct") {
            std::vector<sql::ExprPtr> on;
            for (size_t i = 0; i < args.size(); ++i) on.push_back(need_expr(args[i], c.args[i]->loc));
            nq.distinct(std::move(on));
        } else if (m == "select_from") {
            arity(c, 1, 1, m);
            if (args[0].k != Val::K::entity) fail("select_from() takes a class, got " + kind_name(args[0]), c.args[0]->loc);
            nq.select_from(*args[0].mapper, args[0].alias);
        } else if (m == "options") {
            options(nq, args, c);
        }
        return v;
    }

    static session::Value to_value(const sql::Literal& l) {
        switch (l.kind) {
            case sql::Literal::Kind::null: return nullptr;
            case sql::Literal::Kind::boolean: return l.i != 0;
            case sql::Literal::Kind::integer: return static_cast<long long>(l.i);
            case sql::Literal::Kind::real: return l.d;
            case sql::Literal::Kind::decimal: return session::Value::decimal(l.text);
            case sql::Literal::Kind::text: return l.text;
        }
        return nullptr;
    }

    Val compare(const py::Compare& c) {
        if (c.ops.size() != 1)
            fail("chained comparisons (a < b < c) are not defined for SQL expressions: use and_()", c.loc);
        Val l = eval(*c.left), r = eval(*c.comparators[0]);
        auto op = c.ops[0];
        if (op == py::CompareOperator::In || op == py::CompareOperator::NotIn)
            fail("Python's 'in' is not defined for SQL expressions: use column.in_([...])", c.loc);
        if (l.literal() && r.literal()) fail("a comparison needs a column or SQL expression on one side", c.loc);
        auto le = need_expr(l, c.left->loc), re = need_expr(r, c.comparators[0]->loc);
        const char* sqlop = "=";
        switch (op) {
            case py::CompareOperator::Eq: sqlop = "="; break;
            case py::CompareOperator::NotEq: sqlop = "!="; break;
            case py::CompareOperator::Lt: sqlop = "<"; break;
            case py::CompareOperator::LtE: sqlop = "<="; break;
            case py::CompareOperator::Gt: sqlop = ">"; break;
            case py::CompareOperator::GtE: sqlop = ">="; break;
            case py::CompareOperator::Is:
            case py::CompareOperator::IsNot:
                fail("Python's 'is' cannot be used on SQL expressions: use == None, .is_(None) or .is_not(None)", c.loc);
            default: break;
        }
        // A literal on the left compares the other way round, as Python's reflected operators do.
        if (le->kind == sql::ExprKind::Bind && !le->type) {
            static const std::map<std::string, std::string> flip = {{"=", "="}, {"!=", "!="}, {"<", ">"},
                                                                    {"<=", ">="}, {">", "<"}, {">=", "<="}};
            return make_expr(located(c.loc, [&] { return sql::compare(flip.at(sqlop), re, le); }));
        }
        return make_expr(located(c.loc, [&] { return sql::compare(sqlop, le, re); }));
    }

    Val binop(const py::BinOp& b) {
        Val l = eval(*b.left), r = eval(*b.right);
        if (l.literal() && r.literal()) fail("an operator here needs a column or SQL expression on one side", b.loc);
        auto le = need_expr(l, b.left->loc), re = need_expr(r, b.right->loc);
        switch (b.op) {
            case py::BinaryOperator::BitAnd: return make_expr(sql::and_({le, re}));
            case py::BinaryOperator::BitOr: return make_expr(sql::or_({le, re}));
            case py::BinaryOperator::Add: return make_expr(located(b.loc, [&] { return sql::arithmetic("+", le, re); }));
            case py::BinaryOperator::Sub: return make_expr(located(b.loc, [&] { return sql::arithmetic("-", le, re); }));
            case py::BinaryOperator::Mult: return make_expr(located(b.loc, [&] { return sql::arithmetic("*", le, re); }));
            case py::BinaryOperator::Div: return make_expr(located(b.loc, [&] { return sql::arithmetic("/", le, re); }));
            case py::BinaryOperator::Mod: return make_expr(located(b.loc, [&] { return sql::arithmetic("%", le, re); }));
            default: fail("this operator is not part of the query syntax (use + - * / % & |)", b.loc);
        }
    }

    Val unary(const py::UnaryOp& u) {
        Val v = eval(*u.operand);
        switch (u.op) {
            case py::UnaryOperator::Not:
                fail("Boolean value of this clause is not defined: negate a SQL condition with ~ or not_()", u.loc);
            case py::UnaryOperator::Invert:
                return make_expr(sql::not_(need_expr(v, u.operand->loc)));
            case py::UnaryOperator::USub:
                if (v.literal()) {
                    auto lit = v.expr->value;
                    if (lit.kind == sql::Literal::Kind::integer) return make_expr(sql::bind(sql::Literal::integer(-lit.i)));
                    if (lit.kind == sql::Literal::Kind::real) return make_expr(sql::bind(sql::Literal::real(-lit.d)));
                    fail("bad operand type for unary -: '" + kind_name(v) + "'", u.loc);
                }
                return make_expr(located(u.loc, [&] { return sql::negative(need_expr(v, u.operand->loc)); }));
            case py::UnaryOperator::UAdd: return v;
        }
        fail("unsupported unary operator", u.loc);
    }

    std::shared_ptr<const SourceFile> src_;
    session::Session& session_;
    std::map<std::string, Val> scope_;                 // names bound with :=
    std::map<std::string, int> anonymous_aliases_;     // per table, the aliased() calls without a name
};

}  // namespace

bool allowed_function(const std::string& name) {
    static const std::set<std::string> names = {
        "count", "sum", "avg", "min", "max", "total", "group_concat", "string_agg", "array_agg", "bool_and",
        "bool_or", "every", "lower", "upper", "length", "char_length", "character_length", "coalesce", "ifnull",
        "nullif", "abs", "round", "floor", "ceil", "ceiling", "trim", "ltrim", "rtrim", "substr", "substring",
        "replace", "concat", "instr", "strpos", "position", "greatest", "least", "now", "current_timestamp",
        "current_date", "current_time", "localtimestamp", "date", "time", "datetime", "julianday", "strftime",
        "date_trunc", "date_part", "extract", "to_char", "typeof", "sign", "mod", "power", "sqrt", "random",
        "left", "right", "reverse", "initcap", "lpad", "rpad", "md5", "hex", "quote"};
    return names.count(name) > 0;
}

ReadQuery read_query(const std::shared_ptr<const SourceFile>& source, session::Session& session) {
    return Reader(source, session).read();
}

}  // namespace orm::query
