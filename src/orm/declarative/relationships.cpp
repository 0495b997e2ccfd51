// relationship() and backref(): recorded as written for the session layer,
// which configures (and validates) them when mappers are first needed.
#include "orm/core/error.hpp"
#include "orm/declarative/constructors.hpp"

namespace orm::declarative {

using K = Value::Kind;

namespace {

session::SourceArg source_arg(Reader& r, const Value& v) {
    session::SourceArg a;
    a.loc = v.loc;
    if (v.is(K::String)) {
        a.text = v.text;
        a.is_string = true;
    } else if (v.expr) {
        a.text = r.text_of(v.expr->loc);
    } else if (auto s = literal_string(v)) {
        a.text = *s;
    }
    return a;
}

// The target class as written: "Order", Order, lambda: Order.
std::string target_of(Reader& r, const Value& v) {
    if (v.is(K::String)) return v.text;
    if (v.is(K::Class)) return v.cls->name;
    if (v.is(K::Lambda)) {
        auto* l = v.expr->as<python::Lambda>();
        if (auto dn = python::dotted_name(*l->body)) return *dn;
        if (auto* c = l->body->as<python::Constant>(); c && c->is_string()) return c->value;
    }
    if (v.is(K::Opaque) || v.is(K::Symbol)) {
        if (v.expr) return r.text_of(v.expr->loc);
    }
    r.fail("relationship() target must be a class or a class name, got " + v.type_name(), v.loc);
}

std::optional<bool> opt_bool(Reader& r, const Value& v, const std::string& k) {
    if (v.is(K::None)) return std::nullopt;
    if (v.is(K::Bool)) return v.flag;
    r.fail("'" + k + "' must be True or False", v.loc);
}

}  // namespace

Value make_backref(Reader& r, const Args& a, SourceLocation loc) {
    auto b = std::make_shared<BackrefDecl>();
    b->loc = loc;
    const Value* name = a.get("name", 0);
    if (!name || !name->is(K::String)) r.fail("backref() takes the attribute name as a string", name ? name->loc : loc);
    b->name = name->text;
    for (auto& [k, v] : a.kw)
        if (k != "name") b->kwargs[k] = source_arg(r, v);
    Value v = Value::make(K::Backref, loc);
    v.backref = b;
    return v;
}

Value make_relationship(Reader& r, const Args& a, SourceLocation loc) {
    auto rel = std::make_shared<RelationshipDecl>();
    session::RelationshipConfig& c = rel->config;
    c.loc = loc;
    if (const Value* t = a.get("argument", 0)) {
        c.target = target_of(r, *t);
        c.target_loc = t->loc;
        rel->target_given = true;
    }
    if (const Value* s = a.get("secondary", 1)) {
        if (s->is(K::String)) c.secondary = s->text;
        else if (s->is(K::Table)) c.secondary = s->text;
        else if (s->is(K::Lambda)) c.secondary = target_of(r, *s);
        else if (!s->is(K::None)) r.fail("secondary= must be a table or a table name, got " + s->type_name(), s->loc);
        c.secondary_loc = s->loc;
    }
    for (auto& [k, v] : a.kw) {
        if (k == "argument" || k == "secondary") continue;
        if (k == "backref") {
            if (v.is(K::String)) { c.backref = v.text; c.backref_loc = v.loc; }
            else if (v.is(K::Backref)) { c.backref = v.backref->name; c.backref_kwargs = v.backref->kwargs; c.backref_loc = v.loc; }
            else if (v.is(K::Tuple) && !v.items.empty() && v.items[0].is(K::String)) {
                // The legacy ("name", {kwargs}) spelling.
                c.backref = v.items[0].text;
                c.backref_loc = v.loc;
                if (v.items.size() > 1 && v.items[1].is(K::Dict))
                    for (size_t i = 0; i + 1 < v.items[1].items.size(); i += 2)
                        if (v.items[1].items[i].is(K::String))
                            c.backref_kwargs[v.items[1].items[i].text] = source_arg(r, v.items[1].items[i + 1]);
            } else if (!v.is(K::None)) r.fail("backref= must be a name or backref(...)", v.loc);
        } else if (k == "back_populates") {
            if (!v.is(K::String)) r.fail("back_populates= must be a string", v.loc);
            c.back_populates = v.text;
        } else if (k == "uselist") {
            c.uselist = opt_bool(r, v, k);
        } else if (k == "order_by") {
            if (!(v.is(K::Bool) && !v.flag)) c.order_by = source_arg(r, v);
        } else if (k == "foreign_keys") {
            c.foreign_keys = source_arg(r, v);
        } else if (k == "primaryjoin") {
            c.primaryjoin = source_arg(r, v);
        } else if (k == "secondaryjoin") {
            c.secondaryjoin = source_arg(r, v);
        } else if (k == "remote_side") {
            c.remote_side = source_arg(r, v);
        } else if (k == "cascade") {
            if (!v.is(K::String)) r.fail("cascade= must be a string", v.loc);
            c.cascade = v.text;
        } else if (k == "lazy") {
            if (v.is(K::String)) c.lazy = v.text;
            else if (v.is(K::Bool)) c.lazy = v.flag ? "select" : "joined";
            else if (v.is(K::None)) c.lazy = "noload";
            else r.fail("lazy= must be a loader name", v.loc);
        } else if (k == "viewonly") {
            c.viewonly = opt_bool(r, v, k).value_or(false);
        } else if (k == "passive_deletes") {
            if (v.is(K::String)) c.passive_deletes = v.text;
            else if (v.is(K::Bool)) c.passive_deletes = v.flag ? "True" : "False";
        } else if (k == "collection_class") {
            if (v.is(K::Symbol) && (v.text == "builtins.set" || v.text == "builtins.list")) c.collection_class = v.text.substr(9);
            else c.other_kwargs[k] = source_arg(r, v);
        } else {
            c.other_kwargs[k] = source_arg(r, v);
        }
    }
    rel->creation_order = r.next_order();  // relationship() takes a creation order too
    Value v = Value::make(K::Relationship, loc);
    v.rel = rel;
    return v;
}

}  // namespace orm::declarative
