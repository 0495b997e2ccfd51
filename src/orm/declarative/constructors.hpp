// The SQLAlchemy constructors a models file calls, evaluated into schema
// declarations: types, Column/mapped_column, ForeignKey, constraints,
// Index, Table, relationship/backref. Each returns the Value the call
// evaluates to and throws InputError where SQLAlchemy would raise.
#pragma once

#include <optional>
#include <string>

#include "orm/declarative/reader.hpp"

namespace orm::declarative {

// ---- types (types_reader.cpp)
// True when `canon` (a canonical_name) names a SQLAlchemy type class.
bool is_type_name(const std::string& canon);
// The type `canon(args...)` constructs.
Value make_type(Reader& r, const std::string& canon, const Args& args, SourceLocation loc);
// A type given as a class (Integer) or an instance (Integer()); throws
// "unknown column type" when `v` is neither.
schema::TypeEngine type_from_value(Reader& r, const Value& v);
// Enum(PyEnum): the type for an enum class defined in the file.
schema::TypeEngine enum_type_for_class(Reader& r, const ClassInfo& cls, const Args* args);
// values_callable=f: the stored values become f(enum_class).
void apply_values_callable(Reader& r, const ClassInfo& cls, const python::Value& f, schema::EnumSpec& spec, SourceLocation loc);

// What a `Mapped[...]` annotation says about an attribute.
struct MappedAnnotation {
    bool is_mapped = false;          // the outer container is Mapped (or WriteOnlyMapped/DynamicMapped)
    bool optional = false;           // Optional[T] / T | None / Union[T, None]
    std::optional<schema::TypeEngine> type;   // a column type the type map gives
    std::string python_type;         // the inner type as written, for messages
    // Relationship targets: Mapped["X"], Mapped[List["X"]], Mapped[X].
    std::optional<std::string> target;
    std::optional<std::string> collection;   // "list" / "set" when a collection
    SourceLocation inner_loc;
    // mapped_column()s given in Annotated[T, mapped_column(...)]: merged into the attribute's column.
    std::vector<ColumnPtr> annotated_columns;
};
// `cls` is the class the annotation was written in (its namespace and module resolve names).
MappedAnnotation read_annotation(Reader& r, const ClassInfo::Annotation& annotation, const ClassInfo& cls);

// ---- columns and constraints (columns.cpp)
Value make_column(Reader& r, const Args& args, SourceLocation loc, bool mapped_column);
// DefaultClause(arg, for_update=False): a server default given as an object,
// positionally to Column() or as server_default= / server_onupdate=.
Value make_default_clause(Reader& r, const Args& args, SourceLocation loc);
// FetchedValue(): a value the server computes by means the DDL does not state.
Value make_fetched_value(SourceLocation loc);
// Identity(...), Computed(sqltext, persisted=None), Sequence(name, ...): how
// a column's values are generated, given positionally to Column().
Value make_identity(Reader& r, const Args& args, SourceLocation loc);
Value make_computed(Reader& r, const Args& args, SourceLocation loc);
Value make_sequence(Reader& r, const Args& args, SourceLocation loc);
Value make_foreign_key(Reader& r, const Args& args, SourceLocation loc);
Value make_constraint(Reader& r, ConstraintDecl::Kind kind, const Args& args, SourceLocation loc);
// A literal Python value (info=) as JSON; throws for anything else.
nlohmann::json to_json(Reader& r, const Value& v);
// server_default= / server_onupdate= values: literals and SQL expressions.
schema::ClausePtr server_default_clause(Reader& r, const Value& v);
// default= / onupdate= values: literals and well-known callables.
schema::ColumnDefault python_default(Reader& r, const Value& v, const std::string& keyword);

// ---- tables (tables.cpp)
// Table("name", metadata, *columns_and_constraints, **kw).
Value make_table(Reader& r, const Args& args, SourceLocation loc);
// Builds and registers a table as SQLAlchemy's Table() would: the implicit
// primary key, each column (with its unique/index/foreign key objects made
// as it attaches), then the given constraints and indexes.
schema::Table& build_table(Reader& r, const std::string& name, int metadata_instance,
                           const std::vector<ColumnPtr>& columns, const std::vector<Value>& constraints,
                           const std::vector<std::pair<std::string, Value>>& kwargs, SourceLocation loc);
// Table.append_column: attaches one more column (single-table inheritance,
// `Cls.x = Column(...)` after the class).
void append_column(Reader& r, schema::Table& table, const ColumnPtr& column);
// Attaches a constraint or index to a table.
void attach_constraint(Reader& r, schema::Table& table, ConstraintDecl& c);
// A constraint or index built on Column objects joins their table as soon as
// all of them are attached (SQLAlchemy's _check_attach); until then it waits here.
void register_floating_constraint(Reader& r, const ConstraintPtr& c);
// Attaches waiting constraints whose columns are now all on one table.
void attach_ready_constraints(Reader& r);
// A SQL expression resolved against its table.
schema::ClausePtr resolve_sql(Reader& r, const schema::Table& table, const SqlNode& node, const std::string& context);
// After the whole file: resolves every foreign key's target (tables may be
// defined after their referrers), reporting SQLAlchemy's
// NoReferencedTableError / NoReferencedColumnError at the ForeignKey.
void resolve_foreign_keys(Reader& r);

// ---- dispatch (sa_calls.cpp)
// Calls the SQLAlchemy constructor `canon` ("sqlalchemy:Column",
// "postgresql:JSONB", "sqlalchemy:func.lower") with evaluated arguments.
Value call_sqlalchemy(Reader& r, const std::string& canon, const Args& args, SourceLocation loc);
// `obj.method(args)` on a SQLAlchemy value (a column's desc(), a type's with_variant(), ...).
Value call_sql_method(Reader& r, const Value& obj, const std::string& method, const Args& args, SourceLocation loc);

// ---- relationships (relationships.cpp)
Value make_relationship(Reader& r, const Args& args, SourceLocation loc);
Value make_backref(Reader& r, const Args& args, SourceLocation loc);

// ---- classes (classes.cpp)
// What declarative does with a mapped class whose ClassInfo (namespace,
// bases, MRO) is filled: mixin and __abstract__ copies, declared_attr,
// __tablename__/__table_args__/__mapper_args__, inheritance, the table, the mapper.
void map_class(Reader& r, ClassInfo& c);
// `Cls.attr = value` after the class body (SQLAlchemy adds it to the mapping).
void assign_class_attribute(Reader& r, ClassInfo& cls, const std::string& attr, const Value& v, SourceLocation loc);

}  // namespace orm::declarative
