// Where the interpreter meets SQLAlchemy's declarative layer. SQLAlchemy's
// objects (Column, Table, types, constraints, SQL expressions, relationships,
// MetaData) are made by the constructors in constructors.hpp as declarative
// Values; to Python code they are host objects (SaObject) wrapping those
// values. The Bridge converts between the interpreter's values and the
// declarative ones, keeps one Python object per schema object (so `is` and
// dict keys behave), and one ClassInfo per Python class that declarative
// needs to look at (mixins, bases, enums, TypeDecorators, mapped classes).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <string>
#include <unordered_map>

#include "orm/declarative/reader.hpp"
#include "orm/python/interpreter.hpp"

namespace orm::declarative {

class SaObject;

class Bridge {
public:
    Bridge(Reader& reader, python::Interpreter& interp, std::string dialect);

    Reader& r;
    python::Interpreter& in;
    // The dialect that `with_variant` and TypeDecorator.load_dialect_impl choose for.
    std::string dialect;

    // ---- conversions
    // The declarative value of an interpreter value. `written`, when known,
    // is the expression that produced it (kept for arguments recorded as
    // written, such as order_by=Address.id).
    Value to_decl(const python::Value& v, SourceLocation loc, const python::Expr* written = nullptr);
    Args to_args(const python::CallArgs& a);
    // The interpreter value of a declarative value (schema objects wrapped, one wrapper per object).
    python::Value to_py(const Value& v);

    // ---- classes
    // The ClassInfo of a Python class (made on first use; a plain class when
    // declarative has not classified it).
    ClassInfo* info_of(python::ClassObject& cls);
    // Registers a native SQLAlchemy class under its canonical name ("sqlalchemy:String").
    void register_sa_class(const std::string& canonical, python::ClassObject& cls);
    // The canonical name of a native SQLAlchemy class, or "".
    std::string sa_class_name(const python::ClassObject& cls) const;
    // The column type a Python value stands for: a type instance or class, a
    // TypeDecorator subclass or instance (its impl, as load_dialect_impl gives
    // it for the dialect), `Mutable*.as_mutable(T)`; throws InputError otherwise.
    schema::TypeEngine type_of(const python::Value& v, SourceLocation loc);

    // Flask-SQLAlchemy's db.session: set by whoever runs code that has a
    // connection (a revision's op.get_bind()); unset, db.session is opaque.
    std::function<python::Value(python::Interpreter&, SourceLocation)> flask_session;

    // While declarative maps a class (SQLAlchemy's declarative scan), each
    // declared_attr it reads is run once for that class: reading it again (a
    // __table_args__ that takes getattr(cls, 'title') of a mixin's
    // declared_attr column) gives the same object. Keyed by the function.
    const python::ClassObject* scanning_class = nullptr;
    std::map<const void*, python::Value> declared_attr_memo;
    // Per module source: whether its text reads as SQLAlchemy 2.0 style (looked up once per module, not per class).
    std::map<const void*, bool> module_2_0_memo;

    python::Ref<python::ClassObject> enum_base;          // enum.Enum
    python::Ref<python::ClassObject> type_decorator;     // sqlalchemy.types.TypeDecorator
    python::Ref<python::ClassObject> user_defined_type;  // sqlalchemy.types.UserDefinedType
    python::Ref<python::ClassObject> type_engine;        // sqlalchemy.types.TypeEngine
    python::Ref<python::ClassObject> mapped;             // sqlalchemy.orm.Mapped
    // JSON.NULL (JSON's and JSONB's class attribute): the JSON value null, as
    // opposed to SQL NULL; bound as the text 'null'.
    python::Value json_null;

    // ---- what a higher layer adds (the migration runtime's SQLAlchemy Core)
    // A name of a sqlalchemy module (`module` its dotted path) implemented
    // above this layer (sa.table, sa.select): consulted before the names
    // declarative knows; nullopt falls through to them.
    std::function<std::optional<python::Value>(const std::string& module, const std::string& name)> extra_name;
    // An attribute of a SQLAlchemy object added above this layer (an enum
    // type's create(bind)): consulted before the object's own attributes.
    std::function<std::optional<python::Value>(SaObject& self, std::string_view name)> extra_attr;

private:
    // to_decl's conversions of containers, classes and instances; `out` is
    // what to_decl has filled in already (location, written expression, py).
    Value container_to_decl(const python::Value& v, Value out, SourceLocation loc, const python::Expr* written);
    Value class_to_decl(python::ClassObject& cls, Value out);
    Value instance_to_decl(const python::Value& v, Value out, SourceLocation loc, const python::Expr* written);

    std::unordered_map<const void*, python::Value> wrappers_;
    std::unordered_map<const python::ClassObject*, ClassInfo*> infos_;
    std::unordered_map<const python::ClassObject*, std::string> sa_classes_;
    std::map<std::string, python::Value> tables_;  // "metadata#fullname" -> wrapper
};

// The Bridge of the interpreter running now (set while a models load or a
// migration runs; null otherwise).
Bridge* current_bridge();
void set_current_bridge(Bridge* b);

// fget(owner) for a declared_attr read while `owner` is being mapped: run
// once per mapping, later reads give the same object (see
// Bridge::scanning_class).
python::Value declared_attr_value(Bridge& b, const python::Value& fget, python::ClassObject& owner);

// The span of one class's mapping (SQLAlchemy's declarative scan): its
// declared_attrs are run once each within it. Nested mappings restore the
// outer one's state.
class DeclarativeScan {
public:
    explicit DeclarativeScan(const ClassInfo& c);
    ~DeclarativeScan();
    DeclarativeScan(const DeclarativeScan&) = delete;
    DeclarativeScan& operator=(const DeclarativeScan&) = delete;

private:
    Bridge* bridge_;
    const python::ClassObject* previous_ = nullptr;
    std::map<const void*, python::Value> saved_;
};

// A SQLAlchemy object made natively, as Python code sees it.
class SaObject : public python::HostObject {
public:
    SaObject(Bridge& b, Value v) : bridge(b), value(std::move(v)) {}
    Bridge& bridge;
    Value value;

    std::string type_name() const override;
    std::optional<python::Value> get_attr(python::Interpreter& in, std::string_view name) override;
    bool set_attr(python::Interpreter& in, std::string_view name, const python::Value& v) override;
    python::Value call(python::Interpreter& in, python::CallArgs& args) override;
    std::optional<python::Value> get_item(python::Interpreter& in, const python::Value& key) override;
    std::optional<python::Value> iter(python::Interpreter& in) override;
    std::string repr(python::Interpreter& in) const override;
    std::optional<python::Value> binary_op(python::Interpreter& in, std::string_view op, const python::Value& other,
                                           bool reflected) override;
    std::optional<python::Value> unary_op(python::Interpreter& in, std::string_view op) override;
    bool contains(python::Interpreter& in, const python::Value& item) override;
    std::optional<std::int64_t> len(python::Interpreter& in) override;
    std::uint64_t hash() const override;
    python::ClassObject* python_type(python::Interpreter& in) const override;
};

// Registers the native modules: sqlalchemy and its submodules, the
// PostgreSQL and SQLite dialects' types, sqlalchemy.ext.* (sa_modules.cpp);
// flask_sqlalchemy and sqlalchemy_utils' common types (third_party.cpp);
// sqlmodel (sqlmodel.cpp).
void register_sqlalchemy_modules(Bridge& b);
void register_flask_modules(Bridge& b);
void register_sqlmodel_modules(Bridge& b);

// The class hooks of declarative bases (declarative_classes.cpp): makes a
// 1.4 declarative_base() class, a 2.0 DeclarativeBase, registry.generate_base().
python::Value make_declarative_base(Bridge& b, const python::CallArgs& args, int metadata, SourceLocation loc,
                                    std::string flavour);
// The native class `DeclarativeBase` (and NoMeta) that 2.0 bases subclass.
python::Ref<python::ClassObject> make_declarative_base_class(Bridge& b, const std::string& name);
// True when `cls` is a declarative base itself (declarative_base(), a 2.0 base).
bool is_declarative_base(python::ClassObject& cls);
// Makes `metadata` (a MetaData value) the base's MetaData (Flask-SQLAlchemy's db.metadata).
void set_base_metadata(Bridge& b, python::ClassObject& base, const python::Value& metadata, SourceLocation loc);
// registry.mapped: maps `cls` on `metadata` without a declarative base.
void map_with_registry(Bridge& b, python::ClassObject& cls, int metadata, SourceLocation loc);

}  // namespace orm::declarative
