// Column types: SQLAlchemy type constructors with their positional and
// keyword arguments, Enum over a same-file enum.Enum class, and SQLAlchemy
// 2.0's inference of types from `Mapped[...]` annotations.
#include <cctype>
#include <climits>
#include <cstdint>
#include <algorithm>

#include "orm/core/error.hpp"
#include "orm/declarative/bridge.hpp"
#include "orm/declarative/constructors.hpp"
#include "orm/python/objects.hpp"
#include "orm/python/typing.hpp"
#include "orm/python/parser.hpp"

namespace orm::declarative {

using namespace python;
using K = Value::Kind;
using schema::TypeKind;

namespace {

std::optional<TypeKind> kind_of(const std::string& canon) {
    auto colon = canon.find(':');
    if (colon == std::string::npos) return std::nullopt;
    std::string ns = canon.substr(0, colon), name = canon.substr(colon + 1);
    if (ns == "postgresql") return schema::type_kind_from_name(name, true);
    // sqlalchemy.dialects.sqlite exports SQLAlchemy's uppercase types (BLOB,
    // DATETIME, JSON, ...), which render as the generic ones do.
    if (ns == "sqlite") {
        auto kind = schema::type_kind_from_name(name, false);
        if (kind && !name.empty() && std::isupper(static_cast<unsigned char>(name.back()))) return kind;
        return std::nullopt;
    }
    if (ns == "sqlalchemy") {
        if (name == "Double") return TypeKind::Float;  // 2.0's Double: a Float spelled DOUBLE by some dialects
        return schema::type_kind_from_name(name, false);
    }
    return std::nullopt;
}

std::optional<int> int_arg(Reader& r, const Args& a, const std::string& name, size_t index) {
    const Value* v = a.get(name, index);
    if (!v || v->is(K::None)) return std::nullopt;
    if (!v->is(K::Int)) r.fail("'" + name + "' must be an integer, got " + v->type_name(), v->loc);
    const std::int64_t n = int_value(r, *v, "'" + name + "'");
    if (n < INT_MIN || n > INT_MAX) r.fail("'" + name + "' " + v->text + " is out of range", v->loc);
    return static_cast<int>(n);
}

std::optional<bool> bool_arg(Reader& r, const Args& a, const std::string& name, size_t index) {
    const Value* v = a.get(name, index);
    if (!v || v->is(K::None)) return std::nullopt;
    if (v->is(K::Bool)) return v->flag;
    if (v->is(K::Int)) return v->text != "0";
    r.fail("'" + name + "' must be True or False, got " + v->type_name(), v->loc);
}

std::optional<std::string> str_arg(Reader& r, const Args& a, const std::string& name, size_t index) {
    const Value* v = a.get(name, index);
    if (!v || v->is(K::None)) return std::nullopt;
    if (!v->is(K::String)) r.fail("'" + name + "' must be a string, got " + v->type_name(), v->loc);
    return v->text;
}

// Enum(...) / postgresql.ENUM(...): values from strings or an enum class.
schema::TypeEngine make_enum(Reader& r, TypeKind kind, const Args& a, SourceLocation loc) {
    schema::TypeEngine t;
    t.kind = kind;
    schema::EnumSpec spec;
    const ClassInfo* enum_class = nullptr;
    bool generic = false;
    for (auto& p : a.pos) {
        if (p.is(K::String)) spec.values.push_back(p.text);
        else if (p.is(K::Class) && p.cls->kind == ClassInfo::Kind::Enum && a.pos.size() == 1) enum_class = p.cls;
        else if (Bridge* b = current_bridge(); b && p.is(K::Class) && b->enum_base && p.py.identical(python::Value(b->enum_base)))
            generic = true;  // Enum(enum.Enum): a template for any enum class (type_annotation_map)
        else r.fail("Enum() takes string values or one enum.Enum class, got " + p.type_name(), p.loc);
    }
    if (enum_class) {
        schema::TypeEngine et = enum_type_for_class(r, *enum_class, &a);
        et.kind = kind;
        return et;
    }
    spec.name = str_arg(r, a, "name", 99);
    if (auto b = bool_arg(r, a, "native_enum", 99)) spec.native_enum = *b;
    if (auto b = bool_arg(r, a, "create_constraint", 99)) spec.create_constraint = *b;
    spec.length = int_arg(r, a, "length", 99);
    spec.schema = str_arg(r, a, "schema", 99);
    if (const Value* vc = a.get("values_callable")) {
        if (!generic) r.fail("values_callable= needs an enum class argument", vc->loc);
        spec.values_callable = vc->py;
    }
    spec.generic = generic;
    t.enum_spec = spec;
    (void)loc;
    return t;
}

}  // namespace

bool is_type_name(const std::string& canon) { return kind_of(canon).has_value(); }

// values_callable=f: the stored values are f(enum_class), in its order (SQLAlchemy's Enum).
void apply_values_callable(Reader& r, const ClassInfo& cls, const python::Value& f, schema::EnumSpec& spec, SourceLocation loc) {
    Bridge* b = current_bridge();
    if (!b || f.is_none()) r.fail("values_callable= must be a callable", loc);
    python::Value result = b->in.call(f, {cls.py}, loc);
    spec.values.clear();
    for (auto& v : b->in.to_vector(result, loc)) {
        const std::string* s = python::str_of(v);
        if (!s) r.fail("values_callable= returned " + b->in.type_name(v) + " among its values; Enum values are strings", loc);
        spec.values.push_back(*s);
    }
}

schema::TypeEngine enum_type_for_class(Reader& r, const ClassInfo& cls, const Args* a) {
    schema::TypeEngine t;
    t.kind = TypeKind::Enum;
    schema::EnumSpec spec;
    spec.python_class = cls.name;
    spec.values = cls.enum_members;  // SQLAlchemy stores the member names
    // SQLAlchemy names the type after the class unless told otherwise.
    std::string lower = cls.name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    spec.name = lower;
    if (a) {
        if (auto n = str_arg(r, *a, "name", 99)) spec.name = n;
        if (auto b = bool_arg(r, *a, "native_enum", 99)) spec.native_enum = *b;
        if (auto b = bool_arg(r, *a, "create_constraint", 99)) spec.create_constraint = *b;
        spec.length = int_arg(r, *a, "length", 99);
        spec.schema = str_arg(r, *a, "schema", 99);
        if (const Value* vc = a->get("values_callable")) apply_values_callable(r, cls, vc->py, spec, vc->loc);
    }
    t.enum_spec = spec;
    return t;
}

Value make_type(Reader& r, const std::string& canon, const Args& a, SourceLocation loc) {
    TypeKind kind = *kind_of(canon);
    schema::TypeEngine t;
    t.kind = kind;
    switch (kind) {
        case TypeKind::String: case TypeKind::Unicode: case TypeKind::Text: case TypeKind::UnicodeText:
        case TypeKind::VARCHAR: case TypeKind::NVARCHAR: case TypeKind::CHAR: case TypeKind::NCHAR:
        case TypeKind::TEXT: case TypeKind::CLOB:
            t.length = int_arg(r, a, "length", 0);
            t.collation = str_arg(r, a, "collation", 1);
            break;
        case TypeKind::Numeric: case TypeKind::NUMERIC: case TypeKind::DECIMAL:
            t.precision = int_arg(r, a, "precision", 0);
            t.scale = int_arg(r, a, "scale", 1);
            t.asdecimal = bool_arg(r, a, "asdecimal", 3);
            break;
        case TypeKind::Float: case TypeKind::FLOAT: case TypeKind::REAL: case TypeKind::DOUBLE:
        case TypeKind::DOUBLE_PRECISION: case TypeKind::PG_DOUBLE_PRECISION: case TypeKind::PG_REAL:
            t.precision = int_arg(r, a, "precision", 0);
            t.asdecimal = bool_arg(r, a, "asdecimal", 1);
            break;
        case TypeKind::DateTime: case TypeKind::DATETIME: case TypeKind::TIMESTAMP:
        case TypeKind::Time: case TypeKind::TIME:
            t.timezone = bool_arg(r, a, "timezone", 0).value_or(false);
            break;
        case TypeKind::PG_TIMESTAMP: case TypeKind::PG_TIME:
            t.timezone = bool_arg(r, a, "timezone", 0).value_or(false);
            t.precision = int_arg(r, a, "precision", 1);
            break;
        case TypeKind::Interval:
            t.precision = int_arg(r, a, "second_precision", 1);
            break;
        case TypeKind::PG_INTERVAL:
            t.precision = int_arg(r, a, "precision", 0);
            t.fields = str_arg(r, a, "fields", 1);
            break;
        case TypeKind::LargeBinary: case TypeKind::BINARY: case TypeKind::VARBINARY: case TypeKind::PG_BYTEA:
        case TypeKind::BLOB: case TypeKind::PG_BIT:
            t.length = int_arg(r, a, "length", 0);
            break;
        case TypeKind::Boolean: case TypeKind::BOOLEAN:
            t.create_constraint = bool_arg(r, a, "create_constraint", 0).value_or(false);
            t.constraint_name = str_arg(r, a, "name", 1);
            break;
        case TypeKind::Enum: case TypeKind::PG_ENUM:
            t = make_enum(r, kind, a, loc);
            break;
        case TypeKind::JSON: case TypeKind::PG_JSON: case TypeKind::PG_JSONB:
            t.none_as_null = bool_arg(r, a, "none_as_null", 0).value_or(false);
            break;
        case TypeKind::ARRAY: case TypeKind::PG_ARRAY: {
            const Value* item = a.get("item_type", 0);
            if (!item) r.fail("ARRAY() needs an item type", loc);
            t.item_type = std::make_shared<schema::TypeEngine>(type_from_value(r, *item));
            t.dimensions = int_arg(r, a, "dimensions", 2);
            break;
        }
        case TypeKind::Uuid: case TypeKind::UUID:
            t.as_uuid = bool_arg(r, a, "as_uuid", 0).value_or(true);
            break;
        case TypeKind::PG_UUID:
            // postgresql.UUID returns strings by default in 1.4, uuid.UUID in 2.0.
            t.as_uuid = bool_arg(r, a, "as_uuid", 0).value_or(r.file_is_2_0);
            break;
        default:
            break;
    }
    Value v = Value::make(K::Type, loc);
    v.type = std::make_shared<schema::TypeEngine>(std::move(t));
    return v;
}

schema::TypeEngine type_from_value(Reader& r, const Value& v) {
    if (v.is(K::Type)) return *v.type;
    if (!v.py.is_none())
        if (Bridge* b = current_bridge()) return b->type_of(v.py, v.loc);
    if (v.is(K::Symbol)) {
        std::string canon = canonical_name(v.text);
        if (is_type_name(canon)) {
            Args none;
            return *make_type(r, canon, none, v.loc).type;
        }
    }
    if (v.is(K::Class) && v.cls->kind == ClassInfo::Kind::TypeDecorator) {
        Args none;
        return *call_value(r, v, none, v.loc).type;
    }
    std::string shown = v.expr ? r.text_of(v.expr->loc) : v.text;
    if (shown.empty()) shown = v.type_name();
    if (auto p = shown.find('('); p != std::string::npos) shown = shown.substr(0, p);
    r.fail("unknown column type '" + shown + "'", v.loc);
}

// ------------------------------------------------------------------ Mapped[...]

namespace {

// SQLAlchemy 2.0's default type_annotation_map.
std::optional<schema::TypeEngine> python_type_map(const std::string& q) {
    static const std::vector<std::pair<std::string, TypeKind>> map = {
        {"builtins.int", TypeKind::Integer}, {"builtins.str", TypeKind::String},
        {"builtins.float", TypeKind::Float}, {"builtins.bool", TypeKind::Boolean},
        {"builtins.bytes", TypeKind::LargeBinary}, {"decimal.Decimal", TypeKind::Numeric},
        {"datetime.datetime", TypeKind::DateTime}, {"datetime.date", TypeKind::Date},
        {"datetime.time", TypeKind::Time}, {"datetime.timedelta", TypeKind::Interval},
        {"uuid.UUID", TypeKind::Uuid},
    };
    for (auto& [name, kind] : map)
        if (name == q) { schema::TypeEngine t; t.kind = kind; return t; }
    return std::nullopt;
}

bool is_none(const Expr& e) {
    auto* c = e.as<Constant>();
    return c && c->value_kind == ConstantKind::None;
}

struct Reading {
    Reader& r;
    Bridge* b;
    const ClassInfo& cls;
    MappedAnnotation out;

    // The value a dotted name stands for where the class was defined (its
    // namespace, its module, the builtins); nullopt when a name is unbound.
    std::optional<python::Value> value_of(const Expr& e) {
        if (!b) return std::nullopt;
        if (auto* n = e.as<Name>()) {
            if (auto* c = cls.py.as<python::ClassObject>())
                if (const python::Value* v = c->dict->find_str(n->id)) return *v;
            if (cls.module && cls.module->dict)
                if (const python::Value* v = cls.module->dict->find_str(n->id)) return *v;
            if (const python::Value* v = b->in.builtins().find_str(n->id)) return *v;
            if (n->id == "None") return python::Value();
            return std::nullopt;
        }
        if (auto* a = e.as<Attribute>()) {
            auto base = value_of(*a->value);
            if (!base) return std::nullopt;
            return b->in.getattr_opt(*base, a->attr, e.loc);
        }
        if (auto* c = e.as<Constant>(); c && c->value_kind == ConstantKind::None) return python::Value();
        return std::nullopt;
    }

    // A canonical or qualified name for what `e` names: "sqlalchemy:Mapped",
    // "typing.Optional", "builtins.int", "datetime.datetime".
    std::optional<std::string> symbol_of(const Expr& e) {
        auto v = value_of(e);
        if (!v) return std::nullopt;
        if (v->is_none()) return std::string("builtins.None");
        if (auto f = python::special_form_name(*v)) return f;
        if (auto* c = v->as<python::ClassObject>()) {
            std::string canon = b->sa_class_name(*c);
            if (!canon.empty()) return canon;
            if (c->builtin != python::BuiltinType::None_ && c->module_name == "builtins") return "builtins." + c->name;
            return c->module_name + "." + c->qualname;
        }
        if (auto* n = v->as<python::NativeObject>()) return canonical_name(n->name);
        return std::nullopt;
    }

    const ClassInfo* class_of(const Expr& e) {
        auto v = value_of(e);
        auto* c = v ? v->as<python::ClassObject>() : nullptr;
        if (!c || !b->sa_class_name(*c).empty() || c->builtin != python::BuiltinType::None_) return nullptr;
        if (c->module_name == "datetime" || c->module_name == "decimal" || c->module_name == "uuid") return nullptr;
        return b->info_of(*c);
    }

    // The type map of the class's declarative base (type_annotation_map),
    // looked up along the annotation's class MRO as SQLAlchemy 2.0 does; an
    // Enum(enum.Enum, ...) template is completed for the enum class named.
    std::optional<schema::TypeEngine> custom_map(const Expr& e) {
        auto key = value_of(e);
        if (!key) return std::nullopt;
        return custom_map_value(*key, e.loc);
    }

    std::optional<schema::TypeEngine> custom_map_value(const python::Value& key_value, SourceLocation loc) {
        const python::Value* key = &key_value;
        std::vector<python::Value> candidates{*key};
        if (auto* kc = key->as<python::ClassObject>())
            for (std::size_t i = 1; i < kc->mro.size(); ++i) candidates.push_back(python::Value(kc->mro[i]));
        for (ClassInfo* k : cls.mro) {
            auto* pc = k->py.as<python::ClassObject>();
            if (!pc) continue;
            const python::Value* m = pc->lookup("type_annotation_map");
            auto* d = m ? m->as<python::DictObject>() : nullptr;
            if (!d) continue;
            for (auto& candidate : candidates) {
                std::optional<schema::TypeEngine> found;
                d->for_each([&](const python::Value& k2, const python::Value& t) {
                    if (!found && (k2.identical(candidate) || b->in.equal(k2, candidate))) found = b->type_of(t, loc);
                });
                if (!found) continue;
                if (found->enum_spec && found->enum_spec->generic) {
                    auto* ec = key->as<python::ClassObject>();
                    if (!ec) return found;
                    const ClassInfo* info = b->info_of(*ec);
                    schema::TypeEngine t = enum_type_for_class(r, *info, nullptr);
                    t.kind = found->kind;
                    auto& spec = *t.enum_spec;
                    spec.native_enum = found->enum_spec->native_enum;
                    spec.create_constraint = found->enum_spec->create_constraint;
                    if (found->enum_spec->length) spec.length = found->enum_spec->length;
                    if (found->enum_spec->name) spec.name = found->enum_spec->name;
                    if (!found->enum_spec->values_callable.is_none())
                        apply_values_callable(r, *info, found->enum_spec->values_callable, spec, loc);
                    return t;
                }
                return found;
            }
        }
        return std::nullopt;
    }

    std::string text(const Expr& e) { return r.text_of(e.loc); }

    // The Mapped[...] argument as Python evaluated it: classes, aliases
    // (Optional, Union, X | None, List[...], Annotated[T, mapped_column(...)]),
    // and strings (forward references).
    void element_value(const python::Value& v, SourceLocation loc) {
        python::Interpreter& in = b->in;
        if (auto* s = python::str_of(v)) {
            if (v.is(python::ObjKind::Str)) {
                out.target = *s;
                return;
            }
        }
        if (auto* g = v.host<python::GenericAliasObject>()) {
            const std::string& n = g->name;
            if (n == "Annotated" && !g->args.empty()) {
                for (std::size_t i = 1; i < g->args.size(); ++i)
                    if (auto* sa = g->args[i].host<SaObject>(); sa && sa->value.is(K::Column))
                        out.annotated_columns.push_back(sa->value.column);
                return element_value(g->args[0], loc);
            }
            if (auto t = custom_map_value(v, loc)) { out.type = t; return; }
            if ((n == "List" || n == "list" || n == "Sequence" || n == "MutableSequence") && !g->args.empty()) {
                out.collection = "list";
                return element_value(g->args[0], loc);
            }
            if ((n == "Set" || n == "set" || n == "MutableSet" || n == "AbstractSet") && !g->args.empty()) {
                out.collection = "set";
                return element_value(g->args[0], loc);
            }
            if (n == "Literal") {
                schema::TypeEngine t;
                t.kind = TypeKind::Enum;
                schema::EnumSpec spec;
                for (auto& x : g->args) {
                    const std::string* s = python::str_of(x);
                    if (!s) r.fail("Literal[] in a Mapped annotation must list strings", loc);
                    spec.values.push_back(*s);
                }
                t.enum_spec = spec;
                out.type = t;
                return;
            }
            out.python_type = in.repr(v);
            return;
        }
        if (auto* u = v.host<python::UnionObject>()) {
            std::vector<python::Value> rest;
            for (auto& m : u->members)
                if (m.is_none()) out.optional = true;
                else rest.push_back(m);
            if (rest.size() == 1) return element_value(rest[0], loc);
            out.python_type = in.repr(v);
            return;
        }
        if (auto t = custom_map_value(v, loc)) { out.type = t; return; }
        if (auto* c = v.as<python::ClassObject>()) {
            std::string canon = b->sa_class_name(*c);
            bool plain = canon.empty() && c->builtin == python::BuiltinType::None_ && c->module_name != "datetime" &&
                         c->module_name != "decimal" && c->module_name != "uuid";
            if (plain) {
                const ClassInfo* info = b->info_of(*c);
                if (info->kind == ClassInfo::Kind::Enum) { out.type = enum_type_for_class(r, *info, nullptr); return; }
                out.target = info->name;
                return;
            }
            std::string q = c->builtin != python::BuiltinType::None_ && c->module_name == "builtins" ? "builtins." + c->name
                                                                                                      : c->module_name + "." + c->qualname;
            out.type = python_type_map(q);
            out.python_type = c->name;
            return;
        }
        out.python_type = in.repr(v);
    }

    void element(const Expr& e) {
        out.inner_loc = e.loc;
        out.python_type = text(e);
        if (auto* c = e.as<Constant>(); c && c->is_string()) {
            // A forward reference: a python type named by string, or a class.
            out.target = c->value;
            return;
        }
        if (auto* s = e.as<Subscript>()) {
            auto q = symbol_of(*s->value);
            if (q == "typing.Optional") { out.optional = true; return element(*s->slice); }
            if (q == "typing.Annotated") {
                // Annotated[T, mapped_column(...)]: the type is T (the column arguments are SQLAlchemy's to merge).
                if (auto* t = s->slice->as<Tuple>(); t && !t->elts.empty()) return element(*t->elts[0]);
                return element(*s->slice);
            }
            if (q == "typing.Union") {
                std::vector<const Expr*> rest;
                if (auto* t = s->slice->as<Tuple>()) {
                    for (auto& x : t->elts)
                        if (is_none(*x) || symbol_of(*x) == "builtins.None") out.optional = true;
                        else rest.push_back(x.get());
                } else {
                    rest.push_back(s->slice.get());
                }
                if (rest.size() == 1) return element(*rest[0]);
                return;  // a Union SQLAlchemy cannot map to one type: left untyped
            }
            if (q == "typing.List" || q == "builtins.list" || q == "typing.Sequence" || q == "collections.abc.Sequence") {
                out.collection = "list";
                return element(*s->slice);
            }
            if (q == "typing.Set" || q == "builtins.set" || q == "typing.MutableSet") {
                out.collection = "set";
                return element(*s->slice);
            }
            if (q == "typing.Literal") {
                schema::TypeEngine t;
                t.kind = TypeKind::Enum;
                schema::EnumSpec spec;
                std::vector<const Expr*> items;
                if (auto* t2 = s->slice->as<Tuple>()) for (auto& x : t2->elts) items.push_back(x.get());
                else items.push_back(s->slice.get());
                for (auto* x : items) {
                    auto* c = x->as<Constant>();
                    if (!c || !c->is_string()) r.fail("Literal[] in a Mapped annotation must list strings", x->loc);
                    spec.values.push_back(c->value);
                }
                t.enum_spec = spec;
                out.type = t;
                return;
            }
            if (auto t = custom_map(e)) { out.type = t; return; }
            out.python_type = text(e);
            return;
        }
        if (auto* bo = e.as<BinOp>(); bo && bo->op == BinaryOperator::BitOr) {
            if (is_none(*bo->right)) { out.optional = true; return element(*bo->left); }
            if (is_none(*bo->left)) { out.optional = true; return element(*bo->right); }
            return;
        }
        if (auto t = custom_map(e)) { out.type = t; return; }
        if (const ClassInfo* c = class_of(e)) {
            if (c->kind == ClassInfo::Kind::Enum) { out.type = enum_type_for_class(r, *c, nullptr); return; }
            out.target = c->name;
            return;
        }
        if (auto q = symbol_of(e)) {
            out.type = python_type_map(*q);
            return;
        }
        if (auto dn = dotted_name(e)) {
            // A name defined nowhere: a forward reference SQLAlchemy resolves
            // later (string annotations, `from __future__ import annotations`).
            out.target = *dn;
        }
    }
};

}  // namespace

MappedAnnotation read_annotation(Reader& r, const ClassInfo::Annotation& annotation, const ClassInfo& cls) {
    const Expr* a = annotation.expr;
    ExprPtr parsed;
    std::shared_ptr<SourceFile> src;  // the parsed string's text: its nodes point into it while they are read
    std::string written;
    if (auto* c = a ? a->as<Constant>() : nullptr; c && c->is_string()) written = c->value;
    else if (auto* s = python::str_of(annotation.value); s && (!a || (cls.module && cls.module->future_annotations)))
        written = *s;
    if (!written.empty()) {
        // An annotation written as a string (or kept as one): read it as SQLAlchemy would, by parsing it.
        src = std::make_shared<SourceFile>(a && a->loc.file ? a->loc.file->name() : "<annotation>", written);
        try {
            parsed = parse_expression(src);
        } catch (const InputError&) {
            r.fail("cannot read the annotation \"" + written + "\"", a ? a->loc : cls.loc);
        }
        a = parsed.get();
    }
    Reading reading{r, current_bridge(), cls, {}};
    if (!a) return reading.out;
    // Evaluated where it was written, the annotation is what Python gives
    // SQLAlchemy; a name not defined yet (a forward reference) falls back to
    // reading the expression as written.
    if (reading.b && cls.module) {
        auto* pc = cls.py.as<python::ClassObject>();
        std::optional<python::Value> evaluated;
        try {
            evaluated = reading.b->in.eval_in(*a, *const_cast<python::ModuleObject*>(cls.module), pc ? pc->dict.get() : nullptr);
        } catch (const python::PythonException&) {
            evaluated.reset();
        }
        if (evaluated) {
            auto* g = evaluated->host<python::GenericAliasObject>();
            auto* origin = g ? g->origin.as<python::ClassObject>() : nullptr;
            std::string canon = origin ? reading.b->sa_class_name(*origin) : "";
            if (canon != "sqlalchemy:Mapped" && canon != "sqlalchemy:WriteOnlyMapped" && canon != "sqlalchemy:DynamicMapped")
                return reading.out;
            reading.out.is_mapped = true;
            if (auto* sub = a->as<Subscript>(); sub && !parsed) {
                reading.out.inner_loc = sub->slice->loc;
                reading.out.python_type = reading.text(*sub->slice);
            } else if (parsed) {
                reading.out.inner_loc = annotation.expr ? annotation.expr->loc : cls.loc;
                reading.out.python_type = written;
            }
            if (!g->args.empty()) reading.element_value(g->args[0], reading.out.inner_loc);
            return reading.out;
        }
    }
    auto* s = a->as<Subscript>();
    if (!s) return reading.out;
    auto q = reading.symbol_of(*s->value);
    if (q != "sqlalchemy:Mapped" && q != "sqlalchemy:WriteOnlyMapped" && q != "sqlalchemy:DynamicMapped") return reading.out;
    reading.out.is_mapped = true;
    reading.element(*s->slice);
    if (parsed) {
        // Locations inside a parsed string annotation point into the string: use the annotation's.
        reading.out.inner_loc = annotation.expr ? annotation.expr->loc : cls.loc;
        if (reading.out.python_type.empty() || reading.out.python_type.size() > written.size()) reading.out.python_type = written;
    }
    return reading.out;
}

}  // namespace orm::declarative
