// The Bridge's conversions between interpreter values and declarative
// values, and ClassInfo records for Python classes.
#include "orm/declarative/bridge.hpp"

#include "orm/declarative/constructors.hpp"
#include "orm/dialect/dialect.hpp"
#include "orm/python/format.hpp"

namespace orm::declarative {

using K = Value::Kind;
namespace py = orm::python;

namespace {
thread_local Bridge* g_bridge = nullptr;
}

Bridge* current_bridge() { return g_bridge; }
void set_current_bridge(Bridge* b) { g_bridge = b; }

python::Value declared_attr_value(Bridge& b, const python::Value& fget, python::ClassObject& owner) {
    const void* key = fget.obj();
    if (auto it = b.declared_attr_memo.find(key); it != b.declared_attr_memo.end()) return it->second;
    python::Value v = b.in.call(fget, {python::Value(&owner)}, b.in.current_location());
    b.declared_attr_memo[key] = v;
    return v;
}

DeclarativeScan::DeclarativeScan(const ClassInfo& c) : bridge_(current_bridge()) {
    if (!bridge_) return;
    previous_ = bridge_->scanning_class;
    saved_ = std::move(bridge_->declared_attr_memo);
    bridge_->declared_attr_memo.clear();
    bridge_->scanning_class = c.py.as<python::ClassObject>();
}

DeclarativeScan::~DeclarativeScan() {
    if (!bridge_) return;
    bridge_->scanning_class = previous_;
    bridge_->declared_attr_memo = std::move(saved_);
}

Bridge::Bridge(Reader& reader, python::Interpreter& interp, std::string dialect_name)
    : r(reader), in(interp), dialect(std::move(dialect_name)) {}

void Bridge::register_sa_class(const std::string& canonical, python::ClassObject& cls) { sa_classes_[&cls] = canonical; }

std::string Bridge::sa_class_name(const python::ClassObject& cls) const {
    auto it = sa_classes_.find(&cls);
    return it == sa_classes_.end() ? std::string() : it->second;
}

// ---------------------------------------------------------------- to_decl

namespace {

std::string qualified_function_name(const py::Value& v) {
    if (auto* f = v.as<py::FunctionObject>()) return (f->module ? f->module->name + "." : "") + f->qualname;
    if (auto* n = v.as<py::NativeObject>()) return n->name;
    if (auto* b = v.as<py::BoundMethodObject>()) {
        std::string owner;
        if (auto* c = b->self.as<py::ClassObject>()) owner = c->module_name + "." + c->qualname + ".";
        return owner + qualified_function_name(b->func).substr(qualified_function_name(b->func).rfind('.') + 1);
    }
    return {};
}

const py::Expr* element_expr(const py::Expr* written, std::size_t i) {
    if (!written) return nullptr;
    const std::vector<py::ExprPtr>* elts = nullptr;
    if (auto* t = written->as<py::Tuple>()) elts = &t->elts;
    else if (auto* l = written->as<py::List>()) elts = &l->elts;
    if (!elts || i >= elts->size()) return nullptr;
    for (auto& e : *elts)
        if (e->kind == py::ExprKind::Starred) return nullptr;
    return (*elts)[i].get();
}

}  // namespace

Value Bridge::to_decl(const python::Value& v, SourceLocation loc, const python::Expr* written) {
    if (written) loc = written->loc;
    Value out = Value::make(K::None, loc);
    out.expr = written;
    switch (v.tag()) {
        case py::Value::Tag::None: return out;
        case py::Value::Tag::Bool: out.kind = K::Bool; out.flag = v.as_bool(); return out;
        case py::Value::Tag::Int: out.kind = K::Int; out.text = std::to_string(v.as_int()); return out;
        case py::Value::Tag::Float: out.kind = K::Float; out.text = py::repr_float(v.as_float()); return out;
        case py::Value::Tag::Obj: break;
    }
    out.py = v;
    switch (v.obj()->kind()) {
        case py::ObjKind::Str: out.kind = K::String; out.text = v.as<py::StrObject>()->value; return out;
        case py::ObjKind::Tuple: case py::ObjKind::List: case py::ObjKind::Set: case py::ObjKind::FrozenSet:
        case py::ObjKind::Dict: case py::ObjKind::Range:
            return container_to_decl(v, std::move(out), loc, written);
        case py::ObjKind::Host: {
            if (auto* sa = v.host<SaObject>()) {
                Value copy = sa->value;
                copy.expr = written ? written : copy.expr;
                if (written) copy.loc = written->loc;
                copy.py = v;
                return copy;
            }
            out.kind = K::Function;  // partials and other callables made natively
            out.text = in.type_name(v);
            return out;
        }
        case py::ObjKind::Class: return class_to_decl(*v.as<py::ClassObject>(), std::move(out));
        case py::ObjKind::Instance: return instance_to_decl(v, std::move(out), loc, written);
        case py::ObjKind::Function: {
            auto* f = v.as<py::FunctionObject>();
            out.kind = f->lambda ? K::Lambda : K::Function;
            out.text = qualified_function_name(v);
            if (f->lambda && !written) out.expr = f->lambda;
            return out;
        }
        case py::ObjKind::Native: case py::ObjKind::BoundMethod: {
            out.kind = K::Symbol;
            out.text = qualified_function_name(v);
            return out;
        }
        case py::ObjKind::Opaque: {
            auto* o = v.as<py::OpaqueObject>();
            out.kind = K::Opaque;
            out.text = o->name;
            return out;
        }
        default:
            out.kind = K::Opaque;
            out.text = in.type_name(v);
            return out;
    }
}

// Tuples and lists item by item (each with its written expression when the
// display is at hand), sets and ranges as lists, dicts key and value alike.
Value Bridge::container_to_decl(const python::Value& v, Value out, SourceLocation loc, const python::Expr* written) {
    switch (v.obj()->kind()) {
        case py::ObjKind::Tuple: case py::ObjKind::List: {
            out.kind = v.is(py::ObjKind::Tuple) ? K::Tuple : K::List;
            const auto& items = v.is(py::ObjKind::Tuple) ? v.as<py::TupleObject>()->items : v.as<py::ListObject>()->items;
            for (std::size_t i = 0; i < items.size(); ++i) out.items.push_back(to_decl(items[i], loc, element_expr(written, i)));
            return out;
        }
        case py::ObjKind::Set: case py::ObjKind::FrozenSet: {
            out.kind = K::List;
            static_cast<py::DictObject*>(v.obj())->for_each([&](const py::Value& k, const py::Value&) { out.items.push_back(to_decl(k, loc)); });
            return out;
        }
        case py::ObjKind::Dict: {
            out.kind = K::Dict;
            const py::Dict* display = written ? written->as<py::Dict>() : nullptr;
            bool aligned = display && display->keys.size() == v.as<py::DictObject>()->size();
            if (aligned)
                for (auto& k : display->keys)
                    if (!k) aligned = false;
            std::size_t i = 0;
            v.as<py::DictObject>()->for_each([&](const py::Value& k, const py::Value& x) {
                out.items.push_back(to_decl(k, loc, aligned ? display->keys[i].get() : nullptr));
                out.items.push_back(to_decl(x, loc, aligned ? display->values[i].get() : nullptr));
                ++i;
            });
            return out;
        }
        case py::ObjKind::Range: {
            out.kind = K::List;
            for (auto& x : in.to_vector(v, loc)) out.items.push_back(to_decl(x, loc));
            return out;
        }
        default: return out;
    }
}

// A class: a native SQLAlchemy class as its public name, a builtin type as
// builtins.<name>, any other class as its ClassInfo.
Value Bridge::class_to_decl(python::ClassObject& cls, Value out) {
    std::string canon = sa_class_name(cls);
    if (!canon.empty()) {
        out.kind = K::Symbol;
        out.text = canon.substr(0, canon.find(':')) == "postgresql"
                       ? "sqlalchemy.dialects.postgresql." + canon.substr(canon.find(':') + 1)
                       : "sqlalchemy." + canon.substr(canon.find(':') + 1);
        return out;
    }
    if (cls.builtin != py::BuiltinType::None_) {
        out.kind = K::Symbol;
        out.text = "builtins." + cls.name;
        return out;
    }
    out.kind = K::Class;
    out.cls = info_of(cls);
    return out;
}

// An instance: an enum member, a custom column type (TypeDecorator,
// UserDefinedType), the value a builtin subclass wraps, or opaque.
Value Bridge::instance_to_decl(const python::Value& v, Value out, SourceLocation loc, const python::Expr* written) {
    auto* inst = v.as<py::InstanceObject>();
    if (enum_base && inst->cls->is_subclass_of(enum_base.get())) {
        if (const py::Value* name = inst->attrs().find_str("_name_")) {
            out.kind = K::EnumMember;
            out.cls = info_of(*inst->cls);
            out.text = in.str(*name);
            return out;
        }
    }
    if ((type_decorator && inst->cls->is_subclass_of(type_decorator.get())) ||
        (user_defined_type && inst->cls->is_subclass_of(user_defined_type.get()))) {
        out.kind = K::Type;
        out.type = std::make_shared<schema::TypeEngine>(type_of(v, loc));
        return out;
    }
    if (!inst->builtin_value.is_none()) {
        Value b = to_decl(inst->builtin_value, loc, written);
        b.py = v;
        return b;
    }
    out.kind = K::Opaque;
    out.text = inst->cls->name + " instance";
    return out;
}

Args Bridge::to_args(const python::CallArgs& a) {
    Args out;
    out.call = a.node;
    out.pos.reserve(a.pos.size());
    for (std::size_t i = 0; i < a.pos.size(); ++i) out.pos.push_back(to_decl(a.pos[i], a.loc, a.pos_expr(i)));
    for (auto& [k, v] : a.kw) out.kw.emplace_back(k, to_decl(v, a.loc, a.kw_expr(k)));
    return out;
}

// ---------------------------------------------------------------- to_py

python::Value Bridge::to_py(const Value& v) {
    switch (v.kind) {
        case K::None: return {};
        case K::Bool: return py::Value::boolean(v.flag);
        case K::Int: return py::Value::integer(int_value(r, v, "integer"));
        case K::Float: return py::Value::floating(float_value(r, v, "float"));
        case K::String: return py::make_str(v.text);
        case K::Tuple: case K::List: {
            std::vector<py::Value> items;
            for (auto& x : v.items) items.push_back(to_py(x));
            return v.is(K::Tuple) ? py::make_tuple(std::move(items)) : py::make_list(std::move(items));
        }
        case K::Dict: {
            py::Ref<py::DictObject> d = py::make_dict();
            for (std::size_t i = 0; i + 1 < v.items.size(); i += 2) d->set(in, to_py(v.items[i]), to_py(v.items[i + 1]));
            return py::Value(d);
        }
        case K::Class:
            if (v.cls && !v.cls->py.is_none()) return v.cls->py;
            break;
        default: break;
    }
    if (!v.py.is_none() && (v.is(K::EnumMember) || v.is(K::Opaque) || v.is(K::Function) || v.is(K::Lambda) ||
                            v.is(K::Symbol) || v.is(K::Class)))
        return v.py;
    // Schema objects: one Python object per object, so identity holds across conversions.
    const void* key = nullptr;
    std::string table_key;
    switch (v.kind) {
        case K::Column: key = v.column.get(); break;
        case K::Constraint: key = v.constraint.get(); break;
        case K::ForeignKey: key = v.fk.get(); break;
        case K::Relationship: key = v.rel.get(); break;
        case K::Sql: key = v.sql.get(); break;
        case K::Type: key = v.type.get(); break;
        case K::Table: case K::TableColumns: table_key = (v.is(K::Table) ? "t:" : "c:") + v.text; break;
        case K::MetaData: table_key = "m:" + std::to_string(v.index); break;
        case K::Registry: table_key = "r:" + std::to_string(v.index); break;
        default: break;
    }
    if (key) {
        auto it = wrappers_.find(key);
        if (it != wrappers_.end()) return it->second;
        py::Value w(new SaObject(*this, v));
        wrappers_[key] = w;
        return w;
    }
    if (!table_key.empty()) {
        auto it = tables_.find(table_key);
        if (it != tables_.end()) return it->second;
        py::Value w(new SaObject(*this, v));
        tables_[table_key] = w;
        return w;
    }
    if (!v.py.is_none()) return v.py;
    return py::Value(new SaObject(*this, v));
}

// ---------------------------------------------------------------- classes

ClassInfo* Bridge::info_of(python::ClassObject& cls) {
    if (auto it = infos_.find(&cls); it != infos_.end()) return it->second;
    ClassInfo* c = r.new_class(cls.name, cls.loc);
    infos_[&cls] = c;
    c->py = py::Value(&cls);
    c->def = cls.def;
    if (enum_base && cls.is_subclass_of(enum_base.get()) && &cls != enum_base.get()) {
        c->kind = ClassInfo::Kind::Enum;
        if (const py::Value* names = cls.lookup("_member_names_"))
            for (auto& n : in.to_vector(*names, cls.loc))
                if (auto* s = py::str_of(n)) c->enum_members.push_back(*s);
        // Member values, for values_callable.
        for (auto& m : c->enum_members) {
            if (const py::Value* member = cls.dict->find_str(m))
                if (auto* inst = member->as<py::InstanceObject>())
                    if (const py::Value* value = inst->attrs().find_str("_value_"))
                        c->attributes.emplace_back(m, to_decl(*value, cls.loc));
        }
    } else if (type_decorator && cls.is_subclass_of(type_decorator.get())) {
        c->kind = ClassInfo::Kind::TypeDecorator;
    }
    return c;
}

}  // namespace orm::declarative

// ---------------------------------------------------------------- types

namespace orm::declarative {

namespace {

// The `dialect` a TypeDecorator's load_dialect_impl(dialect) receives.
struct DialectObject : py::HostObject {
    explicit DialectObject(std::string n) : name(std::move(n)) {}
    std::string name;
    std::string type_name() const override { return "Dialect"; }
    std::optional<py::Value> get_attr(py::Interpreter&, std::string_view attr) override {
        if (attr == "name") return py::make_str(name);
        const dialect::Dialect* d = dialect::find_dialect(name);
        if (attr == "driver" && d) return py::make_str(d->python_driver());
        if (attr == "server_version_info" && d) {
            std::vector<py::Value> parts;
            for (auto n : d->nominal_server_version()) parts.push_back(py::Value::integer(n));
            return py::make_tuple(std::move(parts));
        }
        if (attr == "type_descriptor")
            return py::make_native("Dialect.type_descriptor", [](py::Interpreter&, py::CallArgs& a) {
                return a.pos.empty() ? py::Value() : a.pos[0];
            });
        return std::nullopt;
    }
};

}  // namespace

schema::TypeEngine Bridge::type_of(const python::Value& v, SourceLocation loc) {
    if (auto* sa = v.host<SaObject>()) {
        if (sa->value.is(K::Type)) return *sa->value.type;
        r.fail("expected a column type, got " + sa->value.type_name(), loc);
    }
    if (auto* cls = v.as<py::ClassObject>()) {
        std::string canon = sa_class_name(*cls);
        if (!canon.empty() && is_type_name(canon)) {
            Args none;
            return *make_type(r, canon, none, loc).type;
        }
        if ((type_decorator && cls->is_subclass_of(type_decorator.get())) ||
            (user_defined_type && cls->is_subclass_of(user_defined_type.get())) ||
            (type_engine && cls->is_subclass_of(type_engine.get())))
            return type_of(in.call(v, {}, loc), loc);
        r.fail("class " + cls->name + " is not a column type", loc);
    }
    if (auto* inst = v.as<py::InstanceObject>()) {
        if (type_decorator && inst->cls->is_subclass_of(type_decorator.get())) {
            // A load_dialect_impl written in Python chooses the impl per dialect.
            for (py::ClassObject* k : inst->cls->mro) {
                if (k == type_decorator.get()) break;
                if (const py::Value* f = k->dict->find_str("load_dialect_impl"); f && f->is(py::ObjKind::Function)) {
                    py::Value chosen = in.call(in.bind_attribute(*f, v, *inst->cls, loc), {py::Value(new DialectObject(dialect))}, loc);
                    return type_of(chosen, loc);
                }
            }
            return type_of(in.getattr(v, "impl", loc), loc);
        }
        if (user_defined_type && inst->cls->is_subclass_of(user_defined_type.get()))
            r.fail("user-defined type " + inst->cls->name + ": orm renders SQLAlchemy's own types only "
                   "(its get_col_spec() is not read)", loc);
        if (type_engine && inst->cls->is_subclass_of(type_engine.get())) {
            // A subclass of a SQLAlchemy type: the nearest SQLAlchemy type class in its MRO.
            for (py::ClassObject* k : inst->cls->mro) {
                std::string canon = sa_class_name(*k);
                if (!canon.empty() && is_type_name(canon)) {
                    Args none;
                    return *make_type(r, canon, none, loc).type;
                }
            }
        }
        r.fail("a " + inst->cls->name + " instance is not a column type", loc);
    }
    if (auto* o = v.as<py::OpaqueObject>())
        r.fail("column type '" + o->name + "' comes from module '" + o->module +
               "', which orm does not run (implement it natively, or give orm the schema as JSON with --models schema.json)", loc);
    r.fail("expected a column type, got " + in.type_name(v), loc);
}

}  // namespace orm::declarative
