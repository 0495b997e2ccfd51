// The native sqlalchemy package: every module path projects import from
// (sqlalchemy, sqlalchemy.orm, sqlalchemy.types, sqlalchemy.dialects.postgresql,
// sqlalchemy.ext.*, ...), each resolving names on demand: a type name is a
// native type class (String, postgresql.JSONB), a constructor is a native
// function over constructors.hpp, the declarative machinery lives in
// declarative_classes.cpp, and names orm does not implement are opaque
// (usable as values; an error where their meaning is needed).
#include <set>

#include "orm/declarative/bridge.hpp"
#include "orm/declarative/constructors.hpp"
#include "orm/declarative/sa_names.hpp"
#include "orm/python/typing.hpp"

namespace orm::declarative {

using K = Value::Kind;
namespace py = orm::python;

namespace {

// Module paths and the namespace their names live in (for canonical_name).
const std::vector<std::pair<std::string, std::string>> kModules = {
    {"sqlalchemy", "sqlalchemy"}, {"sqlalchemy.orm", "sqlalchemy"}, {"sqlalchemy.orm.decl_api", "sqlalchemy"},
    {"sqlalchemy.orm.collections", "sqlalchemy"}, {"sqlalchemy.orm.attributes", "sqlalchemy"},
    {"sqlalchemy.orm.properties", "sqlalchemy"}, {"sqlalchemy.orm.relationships", "sqlalchemy"},
    {"sqlalchemy.orm.session", "sqlalchemy"}, {"sqlalchemy.orm.exc", "sqlalchemy"},
    {"sqlalchemy.types", "sqlalchemy"}, {"sqlalchemy.schema", "sqlalchemy"}, {"sqlalchemy.sql", "sqlalchemy"},
    {"sqlalchemy.sql.expression", "sqlalchemy"}, {"sqlalchemy.sql.schema", "sqlalchemy"},
    {"sqlalchemy.sql.sqltypes", "sqlalchemy"}, {"sqlalchemy.sql.functions", "sqlalchemy"},
    {"sqlalchemy.sql.type_api", "sqlalchemy"}, {"sqlalchemy.sql.elements", "sqlalchemy"},
    {"sqlalchemy.sql.operators", "sqlalchemy"}, {"sqlalchemy.engine", "sqlalchemy"},
    {"sqlalchemy.engine.url", "sqlalchemy"}, {"sqlalchemy.exc", "sqlalchemy"}, {"sqlalchemy.event", "sqlalchemy"},
    {"sqlalchemy.inspection", "sqlalchemy"}, {"sqlalchemy.util", "sqlalchemy"},
    {"sqlalchemy.ext", "sqlalchemy"}, {"sqlalchemy.ext.declarative", "sqlalchemy"},
    {"sqlalchemy.ext.hybrid", "sqlalchemy"}, {"sqlalchemy.ext.associationproxy", "sqlalchemy"},
    {"sqlalchemy.ext.mutable", "sqlalchemy"}, {"sqlalchemy.ext.orderinglist", "sqlalchemy"},
    {"sqlalchemy.ext.compiler", "sqlalchemy"}, {"sqlalchemy.ext.indexable", "sqlalchemy"},
    {"sqlalchemy.ext.asyncio", "sqlalchemy"}, {"sqlalchemy.pool", "sqlalchemy"},
    {"sqlalchemy.dialects", "sqlalchemy"}, {"sqlalchemy.dialects.postgresql", "postgresql"},
    {"sqlalchemy.dialects.postgresql.base", "postgresql"}, {"sqlalchemy.dialects.postgresql.json", "postgresql"},
    {"sqlalchemy.dialects.postgresql.array", "postgresql"}, {"sqlalchemy.dialects.postgresql.types", "postgresql"},
    {"sqlalchemy.dialects.postgresql.ranges", "postgresql"}, {"sqlalchemy.dialects.postgresql.named_types", "postgresql"},
    {"sqlalchemy.dialects.postgresql.hstore", "postgresql"}, {"sqlalchemy.dialects.postgresql.psycopg2", "postgresql"},
    {"sqlalchemy.dialects.sqlite", "sqlite"}, {"sqlalchemy.dialects.sqlite.base", "sqlite"},
};

// SQLAlchemy functions orm implements as constructors (constructors.hpp via call_sqlalchemy).
const std::set<std::string> kConstructors = {
    "Column", "mapped_column", "ForeignKey", "PrimaryKeyConstraint", "UniqueConstraint", "CheckConstraint",
    "ForeignKeyConstraint", "Index", "Table", "relationship", "relation", "backref", "MetaData", "text",
    "literal_column", "true", "false", "null", "and_", "or_", "not_", "desc", "asc", "cast", "deferred",
    "column_property", "create_engine", "DefaultClause", "FetchedValue", "Identity", "Computed", "Sequence",
};

// Identity functions and decorators: their argument is what they return.
const std::set<std::string> kIdentities = {"foreign", "remote", "reconstructor", "validates_decorated"};
// Decorator factories whose decorator returns what it decorates.
const std::set<std::string> kDecoratorFactories = {"validates", "listens_for", "compiles"};
// Calls that do nothing at import time.
const std::set<std::string> kNoops = {"listen", "remove", "configure_mappers", "clear_mappers"};

py::Value identity_fn(const std::string& name) {
    return py::make_native(name, [](py::Interpreter&, py::CallArgs& a) { return a.pos.empty() ? py::Value() : a.pos[0]; });
}

// The events whose listeners add to the DDL SQLAlchemy writes (a trigger
// after CREATE TABLE, a CHECK a type attaches with its column): orm does not
// run listeners, so registering one is said, never silent.
const std::set<std::string> kDdlEvents = {"before_create", "after_create", "before_drop", "after_drop",
                                          "before_parent_attach", "after_parent_attach"};

// listen(target, identifier, fn) / listens_for(target, identifier): a warning when `identifier` is a DDL event.
void warn_ddl_listener(py::Interpreter& in, const py::CallArgs& a, const std::string& call) {
    const std::string* event = a.pos.size() > 1 ? py::str_of(a.pos[1]) : nullptr;
    if (!event || !kDdlEvents.count(*event)) return;
    in.warn(a.loc, call + "(..., '" + *event +
            "') registers an event listener that orm does not run: the DDL it adds in SQLAlchemy's create_all "
            "is not in orm's schema");
}

// `path.name(...)`: a decorator factory (compiles, listens_for, validates, ...).
py::Value decorator_factory(const std::string& path, const std::string& short_name) {
    const std::string name = path + "." + short_name;
    if (short_name == "compiles")
        // A custom compilation (sqlalchemy.ext.compiler) is Python SQLAlchemy runs while it compiles;
        // orm compiles natively and does not run it, so the SQL may differ: said, never silent.
        return py::make_native(name, [name](py::Interpreter& in, py::CallArgs& a) {
            std::string what = a.pos.empty() ? "a construct" : in.repr(a.pos[0]);
            if (auto* n = a.pos.empty() ? nullptr : a.pos[0].as<py::NativeObject>()) what = n->name;
            if (auto* c = a.pos.empty() ? nullptr : a.pos[0].as<py::ClassObject>()) what = c->name;
            std::string dialects;
            for (size_t i = 1; i < a.pos.size(); ++i) dialects += (i > 1 ? ", " : " for ") + in.str(a.pos[i]);
            in.warn(a.loc, "compiles(" + what +
                    ")" + dialects + " registers a custom compilation that orm does not run: the SQL orm writes for it "
                    "is SQLAlchemy's default, which the custom one may change");
            return identity_fn(name + ".decorator");
        });
    const bool listener = short_name == "listens_for";
    return py::make_native(name, [name, listener](py::Interpreter& in, py::CallArgs& a) {
        if (listener) warn_ddl_listener(in, a, "listens_for");
        return identity_fn(name + ".decorator");
    });
}

// A native that converts its arguments and calls the constructor `canon`.
py::Value constructor(Bridge& b, const std::string& path, const std::string& canon) {
    std::string shown = path + "." + canon.substr(canon.find(':') + 1);
    return py::make_native(shown, [&b, canon](py::Interpreter&, py::CallArgs& a) {
        Args args = b.to_args(a);
        return b.to_py(call_sqlalchemy(b.r, canon, args, a.loc));
    });
}

// `func.<name>(...)`: SQL function calls, with dotted package names (func.pg_catalog.now).
struct FuncNamespace : py::HostObject {
    FuncNamespace(Bridge& br, std::string p) : b(br), prefix(std::move(p)) {}
    Bridge& b;
    std::string prefix;
    std::string type_name() const override { return "_FunctionGenerator"; }
    std::optional<py::Value> get_attr(py::Interpreter&, std::string_view name) override {
        if (name.substr(0, 2) == "__") return std::nullopt;
        return py::Value(new FuncNamespace(b, prefix.empty() ? std::string(name) : prefix + "." + std::string(name)));
    }
    py::Value call(py::Interpreter&, py::CallArgs& a) override {
        Args args = b.to_args(a);
        return b.to_py(call_sqlalchemy(b.r, "sqlalchemy:func." + prefix, args, a.loc));
    }
};

// declared_attr(fn): read by declarative when it maps a class; on a mapped
// class, reading it calls it with the class, as SQLAlchemy does.
struct DeclaredAttr : py::HostObject {
    explicit DeclaredAttr(py::Value f) : fget(std::move(f)) {}
    py::Value fget;
    std::string type_name() const override { return "declared_attr"; }
    std::optional<py::Value> get_attr(py::Interpreter&, std::string_view name) override {
        if (name == "fget" || name == "__func__") return fget;
        return std::nullopt;
    }
    std::optional<py::Value> descriptor_get(py::Interpreter& in, const py::Value& instance, py::ClassObject& owner) override {
        Bridge* b = current_bridge();
        if (instance.is_none() && b && b->scanning_class == &owner) return declared_attr_value(*b, fget, owner);
        return in.call(fget, {instance.is_none() ? py::Value(&owner) : instance}, {});
    }
};

struct DeclaredAttrFactory : py::HostObject {
    std::string type_name() const override { return "declared_attr_factory"; }
    py::Value call(py::Interpreter& in, py::CallArgs& a) override {
        if (a.pos.size() != 1) in.raise(in.exc.TypeError, "declared_attr() decorates one function", a.loc);
        py::Value f = a.pos[0];
        if (auto* cm = f.as<py::ClassMethodObject>()) f = cm->func;
        return py::Value(new DeclaredAttr(f));
    }
    std::optional<py::Value> get_attr(py::Interpreter&, std::string_view name) override {
        if (name == "directive" || name == "cascading") return py::Value(this);
        return std::nullopt;
    }
};

// hybrid_property / hybrid_method: no column, not run at import time.
struct Hybrid : py::HostObject {
    explicit Hybrid(py::Value f) : fget(std::move(f)) {}
    py::Value fget;
    std::string type_name() const override { return "hybrid_property"; }
    std::optional<py::Value> get_attr(py::Interpreter&, std::string_view name) override {
        if (name == "fget" || name == "__func__") return fget;
        // .inplace / .overrides (2.0): the hybrid itself, whose decorators follow.
        if (name == "inplace" || name == "overrides") return py::Value(this);
        // .setter / .expression / .comparator / .deleter / .update_expression: decorators returning the hybrid.
        py::Ref<Hybrid> self(this);
        return py::make_native("hybrid_property." + std::string(name), [self](py::Interpreter&, py::CallArgs&) { return py::Value(self); });
    }
    std::optional<py::Value> descriptor_get(py::Interpreter&, const py::Value&, py::ClassObject&) override {
        return py::Value(this);
    }
};

// A type class: String, postgresql.JSONB, ... Calling it makes the type.
class TypeClassHooks : public py::NativeClassHooks {
public:
    TypeClassHooks(Bridge& b, std::string canon) : bridge_(b), canon_(std::move(canon)) {}
    std::optional<py::Value> class_call(py::Interpreter&, py::ClassObject&, py::CallArgs& a) override {
        Args args = bridge_.to_args(a);
        return bridge_.to_py(make_type(bridge_.r, canon_, args, a.loc));
    }

private:
    Bridge& bridge_;
    std::string canon_;
};

class SaPackage {
public:
    explicit SaPackage(Bridge& b) : b_(b) {}

    std::optional<py::Value> attribute(const std::string& path, const std::string& ns, std::string_view name_view) {
        std::string name(name_view);
        // postgresql's package binds `array` and `hstore` to what its submodules of those names export
        // (`from .array import array`): the attribute is the construct, `import ....array` the module.
        static const std::set<std::string, std::less<>> rebound = {"sqlalchemy.dialects.postgresql.array",
                                                                   "sqlalchemy.dialects.postgresql.hstore"};
        for (auto& [p, n] : kModules)
            if (p == path + "." + name && !rebound.contains(p)) return py::Value(b_.in.import_module(p, {}));
        if (b_.extra_name)
            if (auto v = b_.extra_name(path, name)) return v;
        std::string canon = ns + ":" + name;
        if (auto it = cache_.find(canon); it != cache_.end()) return it->second;
        // A name SQLAlchemy does not export is an AttributeError, as in Python (sa.Strin is a typo, not a type).
        if (sqlalchemy_exports(path, name) == false && !kConstructors.count(name) && !is_type_name(canon)) return std::nullopt;
        py::Value v = make(path, ns, name, canon);
        cache_[canon] = v;
        return v;
    }

private:
    Bridge& b_;
    std::map<std::string, py::Value> cache_;

    py::Value native_class(const std::string& name, const std::string& path, const std::string& canon,
                           std::vector<py::Ref<py::ClassObject>> bases = {}) {
        py::Ref<py::ClassObject> c = b_.in.make_class(name, bases, path);
        b_.register_sa_class(canon, *c);
        return py::Value(c);
    }

    py::Value make(const std::string& path, const std::string& ns, const std::string& name, const std::string& canon) {
        Bridge& b = b_;
        if (ns == "sqlalchemy" || ns == "postgresql" || ns == "sqlite") {
            if (is_type_name(canon)) {
                py::Value c = native_class(name, path, canon, {b.type_engine});
                c.as<py::ClassObject>()->hooks = std::make_shared<TypeClassHooks>(b, canon);
                if (name == "JSON" || name == "JSONB") {
                    if (b.json_null.is_none()) {
                        py::Ref<py::ClassObject> null_class = b.in.make_class("JSONElementType", {}, "sqlalchemy.types");
                        b.json_null = b.in.call(py::Value(null_class), std::vector<py::Value>{});
                    }
                    c.as<py::ClassObject>()->dict->set_str("NULL", b.json_null);
                }
                return c;
            }
        }
        if (ns != "sqlalchemy") {
            // Dialect modules also re-export the generic constructors (postgresql.Column is rare but legal).
            if (kConstructors.count(name)) return constructor(b, path, "sqlalchemy:" + name);
            return py::Value(new py::OpaqueObject(path + "." + name, path, {}));
        }
        if (kConstructors.count(name)) return constructor(b, path, canon);
        if (name == "func") return py::Value(new FuncNamespace(b, ""));
        if (name == "declarative_base")
            return py::make_native("sqlalchemy.orm.declarative_base", [&b](py::Interpreter&, py::CallArgs& a) {
                return make_declarative_base(b, a, -1, a.loc, "1.4");
            });
        if (name == "as_declarative")
            return py::make_native("sqlalchemy.orm.as_declarative", [&b](py::Interpreter&, py::CallArgs& a) {
                py::CallArgs options = a;
                return py::make_native("as_declarative.decorator", [&b, options](py::Interpreter&, py::CallArgs& d) {
                    py::CallArgs o = options;
                    if (!d.pos.empty()) {
                        o.kw.emplace_back("cls", d.pos[0]);
                        if (auto* c = d.pos[0].as<py::ClassObject>()) o.kw.emplace_back("name", py::make_str(c->name));
                    }
                    return make_declarative_base(b, o, -1, d.loc, "1.4");
                });
            });
        if (name == "registry")
            return py::make_native("sqlalchemy.orm.registry", [&b](py::Interpreter&, py::CallArgs& a) {
                int md = -1;
                if (const py::Value* m = a.kwarg("metadata"); m && !m->is_none()) {
                    Value mv = b.to_decl(*m, a.loc);
                    if (!mv.is(K::MetaData)) b.r.fail("registry(metadata=) must be a MetaData", mv.loc);
                    md = mv.index;
                } else {
                    md = b.r.new_metadata(a.loc);
                }
                Value r = Value::make(K::Registry, a.loc);
                r.index = md;
                return b.to_py(r);
            });
        if (name == "DeclarativeBase" || name == "DeclarativeBaseNoMeta" || name == "MappedAsDataclass") {
            if (name == "MappedAsDataclass") {
                py::Ref<py::ClassObject> c = b.in.make_class(name, {}, path);
                c->dict->set_str("__orm_native__", py::Value::boolean(true));
                return py::Value(c);
            }
            return py::Value(make_declarative_base_class(b, name));
        }
        if (name == "declared_attr") return py::Value(new DeclaredAttrFactory());
        if (name == "AbstractConcreteBase" || name == "ConcreteBase" || name == "DeferredReflection") {
            // Declarative helpers listed among a class's bases: a class with
            // AbstractConcreteBase directly is not mapped (its subclasses are).
            py::Ref<py::ClassObject> c = b.in.make_class(name, {}, path);
            c->dict->set_str("__orm_native__", py::Value::boolean(true));
            return py::Value(c);
        }
        if (name == "DeclarativeMeta" || name == "DeclarativeAttributeIntercept" || name == "DCTransformDeclarative") {
            // A metaclass projects derive their own from; orm does not run metaclasses.
            py::Ref<py::ClassObject> c = b.in.make_class(name, {b.in.types.type}, path);
            return py::Value(c);
        }
        if (name == "Mapped" || name == "WriteOnlyMapped" || name == "DynamicMapped" || name == "MappedColumn" ||
            name == "InstrumentedAttribute") {
            py::Value c = native_class(name, path, "sqlalchemy:" + name);
            if (name == "Mapped" && !b.mapped) b.mapped = c.as<py::ClassObject>();
            return c;
        }
        if (name == "TypeDecorator") return py::Value(b.type_decorator);
        if (name == "UserDefinedType") return py::Value(b.user_defined_type);
        if (name == "TypeEngine") return py::Value(b.type_engine);
        if (name == "hybrid_property" || name == "hybrid_method")
            return py::make_native("sqlalchemy.ext.hybrid." + name, [](py::Interpreter&, py::CallArgs& a) {
                return py::Value(new Hybrid(a.pos.empty() ? py::Value() : a.pos[0]));
            });
        if (name == "Mutable" || name == "MutableDict" || name == "MutableList" || name == "MutableSet" ||
            name == "MutableComposite") {
            py::Ref<py::ClassObject> c = b.in.make_class(name, {}, path);
            c->dict->set_str("as_mutable", py::Value(new py::ClassMethodObject(py::make_native(
                name + ".as_mutable", [](py::Interpreter&, py::CallArgs& a) { return a.pos.size() > 1 ? a.pos[1] : py::Value(); }))));
            c->dict->set_str("associate_with", py::Value(new py::ClassMethodObject(py::make_native(
                name + ".associate_with", [](py::Interpreter&, py::CallArgs&) { return py::Value(); }))));
            c->dict->set_str("coerce", py::Value(new py::ClassMethodObject(py::make_native(
                name + ".coerce", [](py::Interpreter&, py::CallArgs& a) { return a.pos.size() > 2 ? a.pos[2] : py::Value(); }))));
            return py::Value(c);
        }
        if (kIdentities.count(name)) return identity_fn(path + "." + name);
        if (kDecoratorFactories.count(name)) return decorator_factory(path, name);
        if (name == "listen")
            return py::make_native(path + "." + name, [](py::Interpreter& in, py::CallArgs& a) {
                warn_ddl_listener(in, a, "listen");
                return py::Value();
            });
        if (kNoops.count(name)) return py::make_native(path + "." + name, [](py::Interpreter&, py::CallArgs&) { return py::Value(); });
        // Everything else SQLAlchemy has (Session, sessionmaker, select, Sequence, ...) is opaque here.
        return py::Value(new py::OpaqueObject(path + "." + name, path, {}));
    }
};

// TypeDecorator's constructor: `impl` (a class, called with the arguments,
// or an instance, kept) becomes the instance's impl, as SQLAlchemy does.
py::Ref<py::ClassObject> make_type_decorator(Bridge& b) {
    py::Ref<py::ClassObject> c = b.in.make_class("TypeDecorator", {b.type_engine}, "sqlalchemy.types");
    b.in.add_method(*c, "__init__", [](py::Interpreter& in, py::CallArgs& a) {
        auto* self = a.pos.empty() ? nullptr : a.pos[0].as<py::InstanceObject>();
        if (!self) return py::Value();
        const py::Value* impl = self->cls->lookup("impl");
        if (!impl)
            in.raise(in.exc.AssertionError, "TypeDecorator implementations require a class-level variable 'impl' which "
                                            "refers to the class of type being decorated", a.loc);
        py::Value made = *impl;
        if (impl->is(py::ObjKind::Class)) {
            py::CallArgs rest;
            rest.pos.assign(a.pos.begin() + 1, a.pos.end());
            rest.kw = a.kw;
            rest.loc = a.loc;
            made = in.call(*impl, rest);
        }
        self->attrs().set_str("impl", made);
        return py::Value();
    });
    b.in.add_method(*c, "load_dialect_impl", [](py::Interpreter& in, py::CallArgs& a) {
        return in.getattr(a.pos[0], "impl", a.loc);
    });
    for (const char* same : {"copy", "evaluates_none", "with_variant"})
        b.in.add_method(*c, same, [](py::Interpreter&, py::CallArgs& a) { return a.pos[0]; });
    return c;
}

}  // namespace

void register_sqlalchemy_modules(Bridge& b) {
    auto package = std::make_shared<SaPackage>(b);
    b.type_engine = b.in.make_class("TypeEngine", {}, "sqlalchemy.types");
    // TypeEngine.Comparator, which custom types subclass (class Comparator(types.DateTime.Comparator)).
    py::Ref<py::ClassObject> comparator = b.in.make_class("Comparator", {}, "sqlalchemy.types");
    b.in.add_method(*comparator, "__init__", [](py::Interpreter&, py::CallArgs&) { return py::Value(); });
    b.type_engine->dict->set_str("Comparator", py::Value(comparator));
    b.type_engine->dict->set_str("comparator_factory", py::Value(comparator));
    b.type_decorator = make_type_decorator(b);
    b.user_defined_type = b.in.make_class("UserDefinedType", {b.type_engine}, "sqlalchemy.types");
    b.in.add_method(*b.user_defined_type, "__init__", [](py::Interpreter&, py::CallArgs&) { return py::Value(); });
    for (auto& [path, ns] : kModules) {
        std::string p = path, n = ns;
        b.in.register_module(path, [package, p, n](py::Interpreter&, py::ModuleObject& m) {
            // What `from <module> import *` brings in: SQLAlchemy's public names.
            std::vector<py::Value> all;
            for (auto& name : sqlalchemy_module_names(p)) all.push_back(py::make_str(std::string(name)));
            if (all.empty())
                for (auto& t : schema::type_names(n == "postgresql")) all.push_back(py::make_str(t));
            m.dict->set_str("__all__", py::make_list(std::move(all)));
            m.fallback = [package, p, n](py::Interpreter&, std::string_view name) -> std::optional<py::Value> {
                if (name.substr(0, 2) == "__") return std::nullopt;
                return package->attribute(p, n, name);
            };
        });
    }
    // sqlalchemy.__version__: the version whose semantics orm follows.
    b.in.register_module("sqlalchemy.__about__", [](py::Interpreter&, py::ModuleObject&) {});
    (void)b;
}

}  // namespace orm::declarative
