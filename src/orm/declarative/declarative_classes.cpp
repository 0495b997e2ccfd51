// Declarative bases as native classes: declarative_base(), registry's
// generate_base() and mapped, SQLAlchemy 2.0's DeclarativeBase. A class
// statement whose MRO holds one of them hands its finished class to the
// mapper here, as SQLAlchemy's metaclass does: its ClassInfo (and its
// bases' and mixins') is read off the Python classes, then classes.cpp maps
// it. Columns assigned to a mapped class afterwards join its table
// (DeclarativeMeta.__setattr__).
#include <algorithm>
#include <set>

#include "orm/declarative/bridge.hpp"
#include "orm/declarative/constructors.hpp"

namespace orm::declarative {

using K = Value::Kind;
using CKind = ClassInfo::Kind;
namespace py = orm::python;

namespace {

// How a base names tables and what its mapping rules are.
struct BaseOptions {
    int metadata = -1;
    std::string flavour;          // "1.4", "2.0", "registry", "flask"
    py::ClassObject* base = nullptr;
};

class DeclarativeHooks;

// The names a class body binds, in first-appearance order (Python's dict
// order loses names only annotated).
std::vector<std::string> body_order(const py::ClassObject& cls) {
    std::vector<std::string> out;
    auto add = [&](const std::string& n) {
        if (std::find(out.begin(), out.end(), n) == out.end()) out.push_back(n);
    };
    if (cls.def) {
        std::function<void(const py::Body&)> walk = [&](const py::Body& body) {
            for (auto& s : body) {
                if (auto* a = s->as<py::Assign>()) {
                    for (auto& t : a->targets)
                        if (auto* n = t->as<py::Name>()) add(n->id);
                } else if (auto* a = s->as<py::AnnAssign>()) {
                    if (auto* n = a->target->as<py::Name>()) add(n->id);
                } else if (auto* f = s->as<py::FunctionDef>()) {
                    add(f->name);
                } else if (auto* c = s->as<py::ClassDef>()) {
                    add(c->name);
                } else if (auto* i = s->as<py::If>()) {
                    walk(i->body);
                    walk(i->orelse);
                } else if (auto* t = s->as<py::Try>()) {
                    walk(t->body);
                    for (auto& h : t->handlers) walk(h.body);
                    walk(t->orelse);
                    walk(t->finalbody);
                } else if (auto* w = s->as<py::With>()) {
                    walk(w->body);
                } else if (auto* fr = s->as<py::For>()) {
                    walk(fr->body);
                }
            }
        };
        walk(cls.def->body);
    }
    cls.dict->for_each([&](const py::Value& k, const py::Value&) {
        if (auto* s = py::str_of(k)) add(*s);
    });
    for (auto& [n, e] : cls.annotation_exprs) add(n);
    // A name seen only in a branch that did not run (`if TYPE_CHECKING:`) is
    // not the class's: Python binds and annotates only what runs.
    std::erase_if(out, [&](const std::string& n) {
        if (cls.dict->find_str(n)) return false;
        return std::none_of(cls.annotation_exprs.begin(), cls.annotation_exprs.end(),
                            [&](const auto& a) { return a.first == n; });
    });
    return out;
}

bool is_declared_attr(const py::Value& v) {
    auto* h = v.host<py::HostObject>();
    return h && h->type_name() == "declared_attr";
}

// Fills a ClassInfo's namespace from its Python class: attributes in order,
// annotations, declared_attr functions.
void fill_namespace(Bridge& b, ClassInfo& c, py::ClassObject& cls) {
    c.attributes.clear();
    c.decl_order.clear();
    c.annotations.clear();
    c.annotation_values.clear();
    c.declared_attr_functions.clear();
    c.declared_attr_order.clear();
    c.def = cls.def;
    if (const py::Value* m = cls.dict->find_str("__module__"))
        if (auto* s = py::str_of(*m)) c.module = b.in.loaded_module(*s);
    for (auto& name : body_order(cls)) {
        const py::Value* v = cls.dict->find_str(name);
        if (v && is_declared_attr(*v)) {
            auto fget = b.in.getattr(*v, "fget", cls.loc);
            c.declared_attr_functions[name] = fget;
            c.declared_attrs[name] = nullptr;
            c.declared_attr_order.push_back(name);
            c.decl_order.push_back(name);
            continue;
        }
        c.decl_order.push_back(name);
        if (v) c.attributes.emplace_back(name, b.to_decl(*v, cls.loc));
    }
    const py::Value* anns = cls.dict->find_str("__annotations__");
    for (auto& [name, expr] : cls.annotation_exprs) {
        ClassInfo::Annotation a;
        a.expr = expr;
        if (anns)
            if (auto* d = anns->as<py::DictObject>())
                if (const py::Value* v = d->find_str(name)) a.value = *v;
        c.annotation_values[name] = a;
        c.annotations[name] = expr;
    }
}

bool truthy_attr(py::ClassObject& cls, const char* name) {
    const py::Value* v = cls.dict->find_str(name);
    return v && v->is_bool() && v->as_bool();
}

// The options of the declarative base in `cls`'s MRO (the nearest).
const BaseOptions* base_options(py::ClassObject& cls);

// Classifies `cls` for declarative: its kind, metadata and namespace, for
// use as a base, a mixin, an abstract class or a mapped class.
ClassInfo* classify(Bridge& b, py::ClassObject& cls) {
    ClassInfo* c = b.info_of(cls);
    if (c->kind == CKind::Mapped || c->kind == CKind::Enum || c->kind == CKind::TypeDecorator) return c;
    fill_namespace(b, *c, cls);
    if (const BaseOptions* o = base_options(cls)) {
        if (o->base == &cls) {
            c->kind = CKind::Base;
            c->metadata = o->metadata;
            c->is_2_0 = o->flavour == "2.0";
        } else if (truthy_attr(cls, "__abstract__")) {
            c->kind = CKind::Abstract;
            c->metadata = o->metadata;
        }
    }
    return c;
}

void fill_hierarchy(Bridge& b, ClassInfo& c, py::ClassObject& cls) {
    c.bases.clear();
    c.mro.clear();
    for (auto& base : cls.bases) {
        if (base.get() == b.in.types.object || !b.sa_class_name(*base).empty()) continue;
        if (base->builtin != py::BuiltinType::None_) continue;
        if (base->dict->find_str("__orm_native__")) continue;  // DeclarativeBase and other native bases
        c.bases.push_back(classify(b, *base));
    }
    for (py::ClassObject* k : cls.mro) {
        if (k == b.in.types.object || !b.sa_class_name(*k).empty() || k->builtin != py::BuiltinType::None_) continue;
        if (k == &cls) {
            c.mro.push_back(&c);
            continue;
        }
        if (k->dict->find_str("__orm_native__")) continue;  // DeclarativeBase and other native bases
        c.mro.push_back(classify(b, *k));
    }
}

bool module_looks_2_0(Bridge& b, const ClassInfo& c) {
    if (!c.module || !c.module->source) return false;
    auto [it, fresh] = b.module_2_0_memo.try_emplace(c.module->source.get(), false);
    if (fresh) {
        std::string_view text = c.module->source->text();
        it->second = text.find("mapped_column") != std::string_view::npos ||
                     text.find("DeclarativeBase") != std::string_view::npos || text.find("Mapped[") != std::string_view::npos;
    }
    return it->second;
}

// After mapping: class attributes become the mapped objects (SQLAlchemy's
// instrumentation), so `Cls.id` is the table's column.
void instrument(Bridge& b, ClassInfo& c, py::ClassObject& cls) {
    for (auto& [name, col] : c.column_attrs) {
        Value v = Value::make(K::Column, c.loc);
        v.column = col;
        cls.dict->set_str(name, b.to_py(v));
    }
    Value t = Value::make(K::Table, c.loc);
    t.text = c.table;
    cls.dict->set_str("__table__", b.to_py(t));
    if (!cls.dict->find_str("__tablename__"))
        if (const schema::Table* table = b.r.find_table(c.table)) cls.dict->set_str("__tablename__", py::make_str(table->name));
    cls.dict->set_str("__mapper__", py::Value(new py::OpaqueObject(cls.name + ".__mapper__", "sqlalchemy.orm", c.loc)));
}

// Third-party mixins known to declare nothing for the table (methods only):
// a mapped class on one loses nothing by its being opaque.
bool declares_no_columns(const std::string& base) {
    static const std::set<std::string> known = {
        "flask_login.UserMixin",
        "flask_login.AnonymousUserMixin",
        "flask_login.mixins.UserMixin",
        "flask_security.UserMixin",
        "flask_security.RoleMixin",
        "sqlalchemy_serializer.SerializerMixin",
        "oslo_db.sqlalchemy.models.ModelBase",   // its TimestampMixin and SoftDeleteMixin do declare columns
        "authlib.oauth2.rfc6749.ClientMixin",    // the interfaces; sqla_oauth2's mixins declare columns
        "authlib.oauth2.rfc6749.TokenMixin",
        "authlib.oauth2.rfc6749.AuthorizationCodeMixin",
        "authlib.oauth2.rfc6749.models.ClientMixin",
        "authlib.oauth2.rfc6749.models.TokenMixin",
        "authlib.oauth2.rfc6749.models.AuthorizationCodeMixin",
    };
    return known.count(base) > 0;
}

// A mapped class with a base from a module orm does not run (authlib's
// OAuth2TokenMixin) may lack the columns, constraints and table options
// that base declares: a warning at the class, an error under --strict,
// never a silently smaller table.
void check_opaque_bases(Bridge& b, const ClassInfo& c, py::ClassObject& cls) {
    for (py::ClassObject* k : cls.mro) {
        if (k != &cls && b.info_of(*k)->kind == CKind::Mapped) continue;   // reported with that class
        for (const std::string& base : k->opaque_bases) {
            if (declares_no_columns(base)) continue;
            std::string message = "class " + cls.name + " is mapped" + (k == &cls ? "" : " through " + k->name) +
                                  " on " + base + ", from a module orm does not run: columns, constraints or table "
                                  "options it declares are not in orm's schema (--python-path can give orm the "
                                  "package's source)";
            if (b.in.options().strict_opaque) b.r.fail(message, c.loc);
            b.in.warn(c.loc, message);
        }
    }
}

void map_python_class(Bridge& b, py::ClassObject& cls, SourceLocation loc) {
    ClassInfo* c = b.info_of(cls);
    if (c->kind == CKind::Mapped) return;
    fill_namespace(b, *c, cls);
    c->loc = cls.loc;
    fill_hierarchy(b, *c, cls);
    const BaseOptions* o = base_options(cls);
    if (o) c->metadata = o->metadata;
    bool abstract_concrete = false;
    for (auto& base : cls.bases)
        if (base->name == "AbstractConcreteBase" && base->dict->find_str("__orm_native__")) abstract_concrete = true;
    if (truthy_attr(cls, "__abstract__") || abstract_concrete) {
        c->kind = CKind::Abstract;
        return;
    }
    bool v2 = (o && o->flavour == "2.0") || module_looks_2_0(b, *c);
    bool saved = b.r.file_is_2_0;
    b.r.file_is_2_0 = v2;
    c->kind = CKind::Mapped;
    try {
        map_class(b.r, *c);
    } catch (...) {
        b.r.file_is_2_0 = saved;
        c->kind = CKind::Plain;
        throw;
    }
    b.r.file_is_2_0 = saved;
    instrument(b, *c, cls);
    check_opaque_bases(b, *c, cls);
    (void)loc;
}

class DeclarativeHooks : public py::NativeClassHooks {
public:
    DeclarativeHooks(Bridge& b, BaseOptions o) : bridge(b), options(o) {}
    Bridge& bridge;
    BaseOptions options;

    void on_subclass(py::Interpreter& in, py::ClassObject& cls, SourceLocation loc) override {
        if (options.flavour == "2.0-native") {
            // class Base(DeclarativeBase): a new base, with its own MetaData unless it names one.
            make_2_0_base(in, cls, loc);
            return;
        }
        if (options.flavour == "flask") flask_tablename(in, cls);
        map_python_class(bridge, cls, loc);
    }

    bool on_class_setattr(py::Interpreter& in, py::ClassObject& cls, std::string_view name, const py::Value& value,
                          SourceLocation loc) override {
        ClassInfo* c = bridge.info_of(cls);
        if (c->kind != CKind::Mapped) return false;
        Value v = bridge.to_decl(value, loc);
        if (!v.is(K::Column) && !v.is(K::Relationship)) return false;
        assign_class_attribute(bridge.r, *c, std::string(name), v, loc);
        if (v.is(K::Column)) cls.dict->set_str(name, bridge.to_py(v));
        else cls.dict->set_str(name, value);
        (void)in;
        return true;
    }

    std::optional<py::Value> class_getattr(py::Interpreter&, py::ClassObject& cls, std::string_view name) override {
        if (name == "query" || name == "query_class")
            return py::Value(new py::OpaqueObject(cls.name + ".query", "flask_sqlalchemy", cls.loc));
        return std::nullopt;
    }

private:
    void make_2_0_base(py::Interpreter& in, py::ClassObject& cls, SourceLocation loc);
    void flask_tablename(py::Interpreter& in, py::ClassObject& cls);
};

const BaseOptions* base_options(py::ClassObject& cls) {
    for (py::ClassObject* k : cls.mro)
        if (auto* h = dynamic_cast<DeclarativeHooks*>(k->hooks.get()))
            if (h->options.base) return &h->options;
    return nullptr;
}

// The declarative constructor every base gives its classes: keyword
// arguments become attributes.
void add_constructor(Bridge& b, py::ClassObject& base) {
    b.in.add_method(base, "__init__", [](py::Interpreter& in, py::CallArgs& a) {
        if (a.pos.size() > 1) in.raise(in.exc.TypeError, "__init__() takes 1 positional argument", a.loc);
        for (auto& [k, v] : a.kw) in.setattr(a.pos[0], k, v, a.loc);
        return py::Value();
    });
}

py::Value metadata_value(Bridge& b, int index, SourceLocation loc) {
    Value m = Value::make(K::MetaData, loc);
    m.index = index;
    return b.to_py(m);
}

py::Value registry_value(Bridge& b, int index, SourceLocation loc) {
    Value m = Value::make(K::Registry, loc);
    m.index = index;
    return b.to_py(m);
}

void DeclarativeHooks::make_2_0_base(py::Interpreter& in, py::ClassObject& cls, SourceLocation loc) {
    // A subclass of a 2.0 base (the base itself has base == its class) is mapped.
    for (std::size_t i = 1; i < cls.mro.size(); ++i)
        if (auto* h = dynamic_cast<DeclarativeHooks*>(cls.mro[i]->hooks.get()); h && h->options.base) {
            map_python_class(bridge, cls, loc);
            return;
        }
    int md = -1;
    if (const py::Value* m = cls.dict->find_str("metadata")) {
        Value mv = bridge.to_decl(*m, loc);
        if (mv.is(K::MetaData)) md = mv.index;
    }
    if (md < 0) {
        if (const py::Value* reg = cls.dict->find_str("registry")) {
            Value rv = bridge.to_decl(*reg, loc);
            if (rv.is(K::Registry)) md = rv.index;
        }
    }
    if (md < 0) md = bridge.r.new_metadata(cls.loc);
    BaseOptions o;
    o.metadata = md;
    o.flavour = "2.0";
    o.base = &cls;
    cls.hooks = std::make_shared<DeclarativeHooks>(bridge, o);
    cls.dict->set_str("metadata", metadata_value(bridge, md, loc));
    cls.dict->set_str("registry", registry_value(bridge, md, loc));
    ClassInfo* c = bridge.info_of(cls);
    fill_namespace(bridge, *c, cls);
    c->kind = CKind::Base;
    c->metadata = md;
    c->is_2_0 = true;
    (void)in;
}

// Flask-SQLAlchemy 3's rule: a model without a table name of its own and
// not abstract gets camel_to_snake_case(name), unless it inherits a mapped
// class and declares no primary key (single-table inheritance).
std::string camel_to_snake(const std::string& name) {
    // re.sub(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))", r"_\1", name).lower().lstrip("_")
    std::string out;
    auto lower = [](char ch) { return ch >= 'a' && ch <= 'z'; };
    auto upper = [](char ch) { return ch >= 'A' && ch <= 'Z'; };
    auto digit = [](char ch) { return ch >= '0' && ch <= '9'; };
    for (std::size_t i = 0; i < name.size(); ++i) {
        char ch = name[i];
        bool split = false;
        if (upper(ch)) {
            if (i > 0 && (lower(name[i - 1]) || digit(name[i - 1]))) split = true;
            else if (i > 0 && i + 1 < name.size() && lower(name[i + 1])) split = true;
        }
        if (split) out += '_';
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    std::size_t start = out.find_first_not_of('_');
    return start == std::string::npos ? "" : out.substr(start);
}

void DeclarativeHooks::flask_tablename(py::Interpreter& in, py::ClassObject& cls) {
    if (truthy_attr(cls, "__abstract__")) return;
    if (cls.dict->find_str("__table__")) return;
    // should_set_tablename: the nearest class defining __tablename__ decides.
    for (py::ClassObject* k : cls.mro) {
        const py::Value* t = k->dict ? k->dict->find_str("__tablename__") : nullptr;
        if (!t) continue;
        if (is_declared_attr(*t)) return;
        if (k == &cls || truthy_attr(*k, "__abstract__") || !base_options(*k)) return;
        break;
    }
    // A subclass of a mapped class with no primary key of its own: single-table inheritance.
    bool inherits_mapped = false;
    for (std::size_t i = 1; i < cls.mro.size(); ++i) {
        ClassInfo* ci = bridge.info_of(*cls.mro[i]);
        if (ci->kind == CKind::Mapped) inherits_mapped = true;
    }
    if (inherits_mapped) {
        bool has_pk = false;
        cls.dict->for_each([&](const py::Value&, const py::Value& v) {
            if (auto* sa = v.host<SaObject>(); sa && sa->value.is(K::Column) && sa->value.column->column.primary_key) has_pk = true;
        });
        if (!has_pk) return;
    }
    cls.dict->set_str("__tablename__", py::make_str(camel_to_snake(cls.name)));
    (void)in;
}

}  // namespace

bool is_declarative_base(python::ClassObject& cls) {
    auto* h = dynamic_cast<DeclarativeHooks*>(cls.hooks.get());
    return h && h->options.base == &cls;
}

void set_base_metadata(Bridge& b, python::ClassObject& base, const python::Value& metadata, SourceLocation loc) {
    Value mv = b.to_decl(metadata, loc);
    if (!mv.is(K::MetaData)) b.r.fail("expected a MetaData", loc);
    auto* h = dynamic_cast<DeclarativeHooks*>(base.hooks.get());
    h->options.metadata = mv.index;
    base.dict->set_str("metadata", metadata);
    ClassInfo* c = b.info_of(base);
    c->metadata = mv.index;
}

namespace {

// A metaclass given to declarative_base(metaclass=...) that derives table
// names (Flask-SQLAlchemy's NameMetaMixin in its MRO).
bool names_tables(const python::Value& metaclass) {
    auto* m = metaclass.as<py::ClassObject>();
    if (!m) return false;
    for (py::ClassObject* k : m->mro)
        if (k->name == "NameMetaMixin" && k->module_name == "flask_sqlalchemy.model") return true;
    return false;
}

}  // namespace

python::Value make_declarative_base(Bridge& b, const python::CallArgs& args, int metadata, SourceLocation loc,
                                    std::string flavour) {
    py::Interpreter& in = b.in;
    if (const py::Value* m = args.kwarg("metaclass"); m && names_tables(*m)) flavour = "flask";
    std::vector<py::Value> bases;
    std::string name = "Base";
    if (const py::Value* n = args.kwarg("name"))
        if (auto* s = py::str_of(*n)) name = *s;
    if (const py::Value* c = args.kwarg("cls")) {
        if (c->is(py::ObjKind::Tuple)) bases = c->as<py::TupleObject>()->items;
        else bases.push_back(*c);
    }
    if (metadata < 0) {
        if (const py::Value* m = args.kwarg("metadata"); m && !m->is_none()) {
            Value mv = b.to_decl(*m, loc);
            if (!mv.is(K::MetaData)) b.r.fail("metadata= must be a MetaData", mv.loc);
            metadata = mv.index;
        } else {
            metadata = b.r.new_metadata(loc);
        }
    }
    py::Ref<py::DictObject> ns = py::make_dict();
    std::string module = in.frame() && in.frame()->module ? in.frame()->module->name : "__main__";
    BaseOptions o;
    o.metadata = metadata;
    o.flavour = flavour;
    // The base class is made first, its hooks attached after: making it is not mapping it.
    py::Ref<py::ClassObject> cls = in.build_class(name, bases, ns, module, loc);
    o.base = cls.get();
    cls->hooks = std::make_shared<DeclarativeHooks>(b, o);
    cls->dict->set_str("metadata", metadata_value(b, metadata, loc));
    cls->dict->set_str("registry", registry_value(b, metadata, loc));
    if (!cls->lookup("__init__") || cls->lookup("__init__") == in.types.object->dict->find_str("__init__"))
        add_constructor(b, *cls);
    if (const py::Value* tam = args.kwarg("type_annotation_map")) cls->dict->set_str("type_annotation_map", *tam);
    ClassInfo* c = b.info_of(*cls);
    fill_namespace(b, *c, *cls);
    c->kind = CKind::Base;
    c->metadata = metadata;
    return py::Value(cls);
}

python::Ref<python::ClassObject> make_declarative_base_class(Bridge& b, const std::string& name) {
    py::Ref<py::ClassObject> cls = b.in.make_class(name, {}, "sqlalchemy.orm");
    BaseOptions o;
    o.flavour = "2.0-native";
    cls->hooks = std::make_shared<DeclarativeHooks>(b, o);
    cls->dict->set_str("__orm_native__", py::Value::boolean(true));
    add_constructor(b, *cls);
    return cls;
}

void map_with_registry(Bridge& b, python::ClassObject& cls, int metadata, SourceLocation loc) {
    // registry.mapped: the class is mapped as if its base were the registry's.
    BaseOptions o;
    o.metadata = metadata;
    o.flavour = "registry";
    o.base = nullptr;
    ClassInfo* c = b.info_of(cls);
    fill_namespace(b, *c, cls);
    c->loc = cls.loc;
    fill_hierarchy(b, *c, cls);
    c->metadata = metadata;
    c->kind = CKind::Mapped;
    map_class(b.r, *c);
    instrument(b, *c, cls);
    (void)loc;
    (void)o;
}


}  // namespace orm::declarative
