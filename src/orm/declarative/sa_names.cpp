// SQLAlchemy's public names per module (from SQLAlchemy 1.4's modules, plus
// the 2.0 names 2.0-style models use): a name outside these is an
// AttributeError as in Python (a typo such as sa.Strin is caught where it
// is written), a name inside them that orm does not implement is opaque.
// Generated once from the installed SQLAlchemy; regenerate when adding modules.
#include "orm/declarative/sa_names.hpp"

#include <algorithm>
#include <span>

namespace orm::declarative {

namespace {

constexpr std::string_view kSqlalchemy[] = {  // sqlalchemy
    "ARRAY", "BIGINT", "BINARY", "BLANK_SCHEMA", "BLOB", "BOOLEAN", "BigInteger", "Boolean", "CHAR",
    "CLOB", "CheckConstraint", "Column", "ColumnDefault", "Computed", "Constraint", "DATE", "DATETIME",
    "DDL", "DECIMAL", "DOUBLE", "DOUBLE_PRECISION", "Date", "DateTime", "DefaultClause", "Double", "Enum",
    "FLOAT", "FetchedValue", "Float", "ForeignKey", "ForeignKeyConstraint", "INT", "INTEGER", "Identity",
    "Index", "Integer", "Interval", "JSON", "LABEL_STYLE_DEFAULT", "LABEL_STYLE_DISAMBIGUATE_ONLY",
    "LABEL_STYLE_NONE", "LABEL_STYLE_TABLENAME_PLUS_COL", "LargeBinary", "MetaData", "NCHAR", "NUMERIC",
    "NVARCHAR", "Numeric", "PickleType", "PrimaryKeyConstraint", "REAL", "SMALLINT", "ScalarResult",
    "Sequence", "SmallInteger", "String", "TEXT", "TIME", "TIMESTAMP", "Table", "Text",
    "ThreadLocalMetaData", "Time", "TupleType", "TypeDecorator", "UUID", "Unicode", "UnicodeText",
    "UniqueConstraint", "Uuid", "VARBINARY", "VARCHAR", "alias", "all_", "and_", "any_", "asc", "between",
    "bindparam", "case", "cast", "collate", "column", "create_engine", "create_mock_engine", "delete",
    "desc", "dialects", "distinct", "engine", "engine_from_config", "event", "events", "exc", "except_",
    "except_all", "exists", "extract", "false", "func", "funcfilter", "insert", "insert_sentinel",
    "inspect", "inspection", "intersect", "intersect_all", "join", "lambda_stmt", "lateral", "literal",
    "literal_column", "log", "modifier", "not_", "null", "nulls_first", "nulls_last", "nullsfirst",
    "nullslast", "or_", "outerjoin", "outparam", "over", "pool", "processors", "schema", "select", "sql",
    "subquery", "table", "tablesample", "text", "true", "tuple_", "type_coerce", "types", "union",
    "union_all", "update", "util", "values", "within_group",
};

constexpr std::string_view kOrm[] = {  // sqlalchemy.orm
    "AliasOption", "AppenderQuery", "AttributeEvent", "AttributeEvents", "AttributeState", "Bundle",
    "CascadeOptions", "ClassManager", "ColumnProperty", "CompositeProperty", "DeclarativeBase",
    "DeclarativeBaseNoMeta", "DeclarativeMeta", "DynamicMapped", "EXT_CONTINUE", "EXT_SKIP", "EXT_STOP",
    "FromStatement", "IdentityMap", "InspectionAttr", "InspectionAttrInfo", "InstanceEvents",
    "InstanceState", "InstrumentationEvents", "InstrumentedAttribute", "Load", "LoaderCriteriaOption",
    "MANYTOMANY", "MANYTOONE", "Mapped", "MappedAsDataclass", "MappedColumn", "Mapper", "MapperEvents",
    "MapperProperty", "NOT_EXTENSION", "ONETOMANY", "ORMExecuteState", "PropComparator", "Query",
    "QueryContext", "QueryEvents", "QueryableAttribute", "RelationshipProperty", "Session",
    "SessionEvents", "SessionTransaction", "SynonymProperty", "UOWTransaction", "UserDefinedOption",
    "WriteOnlyMapped", "aliased", "as_declarative", "attribute_keyed_dict", "attributes", "backref",
    "base", "class_mapper", "clear_mappers", "close_all_sessions", "clsregistry", "collections",
    "column_keyed_dict", "column_property", "composite", "configure_mappers", "contains_alias",
    "contains_eager", "context", "create_session", "decl_api", "decl_base", "declarative_base",
    "declarative_mixin", "declared_attr", "defaultload", "defer", "deferred", "dependency",
    "descriptor_props", "dynamic", "dynamic_loader", "eagerload", "evaluator", "events", "exc", "foreign",
    "has_inherited_table", "identity", "immediateload", "instrumentation", "interfaces", "join",
    "joinedload", "keyfunc_mapping", "lazyload", "load_only", "loading", "make_transient",
    "make_transient_to_detached", "mapped_column", "mapper", "mapperlib", "merge_frozen_result",
    "merge_result", "noload", "object_mapper", "object_session", "outerjoin", "path_registry",
    "persistence", "polymorphic_union", "properties", "public_factory", "query", "query_expression",
    "raiseload", "reconstructor", "registry", "relation", "relationship", "relationships", "remote",
    "scoped_session", "scoping", "selectin_polymorphic", "selectinload", "session", "sessionmaker",
    "state", "strategies", "strategy_options", "subqueryload", "sync", "synonym", "synonym_for", "undefer",
    "undefer_group", "unitofwork", "util", "validates", "was_deleted", "with_expression",
    "with_loader_criteria", "with_parent", "with_polymorphic",
};

constexpr std::string_view kTypes[] = {  // sqlalchemy.types
    "ARRAY", "BIGINT", "BINARY", "BLOB", "BOOLEAN", "BigInteger", "Boolean", "CHAR", "CLOB",
    "Concatenable", "DATE", "DATETIME", "DECIMAL", "DOUBLE", "DOUBLE_PRECISION", "Date", "DateTime",
    "Double", "Enum", "ExternalType", "FLOAT", "Float", "INT", "INTEGER", "Indexable", "Integer",
    "Interval", "JSON", "LargeBinary", "MatchType", "NCHAR", "NULLTYPE", "NUMERIC", "NVARCHAR", "NullType",
    "Numeric", "PickleType", "REAL", "SMALLINT", "STRINGTYPE", "SchemaType", "SmallInteger", "String",
    "TEXT", "TIME", "TIMESTAMP", "Text", "Time", "TupleType", "TypeDecorator", "TypeEngine", "UUID",
    "Unicode", "UnicodeText", "UserDefinedType", "Uuid", "VARBINARY", "VARCHAR", "Variant", "adapt_type",
    "to_instance",
};

constexpr std::string_view kSchema[] = {  // sqlalchemy.schema
    "AddConstraint", "BLANK_SCHEMA", "CheckConstraint", "Column", "ColumnCollectionConstraint",
    "ColumnCollectionMixin", "ColumnDefault", "Computed", "Constraint", "CreateColumn", "CreateIndex",
    "CreateSchema", "CreateSequence", "CreateTable", "DDL", "DDLBase", "DDLElement", "DefaultClause",
    "DefaultGenerator", "DropColumnComment", "DropConstraint", "DropIndex", "DropSchema", "DropSequence",
    "DropTable", "DropTableComment", "FetchedValue", "ForeignKey", "ForeignKeyConstraint", "Identity",
    "Index", "MetaData", "PrimaryKeyConstraint", "SchemaItem", "SchemaVisitor", "Sequence",
    "SetColumnComment", "SetTableComment", "Table", "ThreadLocalMetaData", "UniqueConstraint", "conv",
    "sort_tables", "sort_tables_and_constraints",
};

constexpr std::string_view kSql[] = {  // sqlalchemy.sql
    "Alias", "COLLECT_CARTESIAN_PRODUCTS", "ClauseElement", "ClauseVisitor", "ColumnCollection",
    "ColumnElement", "CompoundSelect", "Delete", "Executable", "FROM_LINTING", "False_", "FromClause",
    "Insert", "Join", "LABEL_STYLE_DEFAULT", "LABEL_STYLE_DISAMBIGUATE_ONLY", "LABEL_STYLE_NONE",
    "LABEL_STYLE_TABLENAME_PLUS_COL", "LambdaElement", "NO_LINTING", "Select", "Selectable",
    "StatementLambdaElement", "Subquery", "TableClause", "TableSample", "True_", "Update", "Values",
    "WARN_LINTING", "alias", "all_", "and_", "annotation", "any_", "asc", "base", "between", "bindparam",
    "case", "cast", "coercions", "collate", "column", "compiler", "crud", "cte", "ddl",
    "default_comparator", "delete", "desc", "distinct", "dml", "elements", "events", "except_",
    "except_all", "exists", "expression", "extract", "false", "func", "funcfilter", "functions", "insert",
    "intersect", "intersect_all", "join", "label", "lambda_stmt", "lambdas", "lateral", "literal",
    "literal_column", "modifier", "naming", "not_", "null", "nulls_first", "nulls_last", "nullsfirst",
    "nullslast", "operators", "or_", "outerjoin", "outparam", "over", "quoted_name", "roles", "schema",
    "select", "selectable", "sqltypes", "subquery", "table", "tablesample", "text", "traversals", "true",
    "tuple_", "type_api", "type_coerce", "union", "union_all", "update", "util", "values", "visitors",
    "within_group",
};

constexpr std::string_view kSqlExpression[] = {  // sqlalchemy.sql.expression
    "Alias", "AliasedReturnsRows", "BinaryExpression", "BindParameter", "BooleanClauseList", "CTE",
    "CacheKey", "Case", "Cast", "ClauseElement", "ClauseList", "CollectionAggregate", "ColumnClause",
    "ColumnCollection", "ColumnElement", "ColumnOperators", "CompoundSelect", "Delete", "Executable",
    "Exists", "Extract", "False_", "FromClause", "FromGrouping", "Function", "FunctionElement",
    "FunctionFilter", "GenerativeSelect", "Grouping", "HasCTE", "HasPrefixes", "HasSuffixes", "Insert",
    "Join", "LABEL_STYLE_DEFAULT", "LABEL_STYLE_DISAMBIGUATE_ONLY", "LABEL_STYLE_NONE",
    "LABEL_STYLE_TABLENAME_PLUS_COL", "Label", "LambdaElement", "Lateral", "Null", "Operators", "Over",
    "PARSE_AUTOCOMMIT", "ReleaseSavepointClause", "ReturnsRows", "RollbackToSavepointClause",
    "SavepointClause", "ScalarSelect", "Select", "SelectBase", "Selectable", "StatementLambdaElement",
    "Subquery", "TableClause", "TableSample", "TableValuedAlias", "TextAsFrom", "TextClause",
    "TextualSelect", "True_", "Tuple", "TypeClause", "TypeCoerce", "UnaryExpression", "Update",
    "UpdateBase", "Values", "ValuesBase", "Visitable", "WithinGroup", "alias", "all_", "and_", "any_",
    "asc", "between", "bindparam", "case", "cast", "collate", "column", "cte", "custom_op", "delete",
    "desc", "distinct", "except_", "except_all", "exists", "extract", "false", "func", "funcfilter",
    "insert", "intersect", "intersect_all", "join", "label", "lambda_stmt", "lateral", "literal",
    "literal_column", "modifier", "not_", "null", "nulls_first", "nulls_last", "nullsfirst", "nullslast",
    "or_", "outerjoin", "outparam", "over", "public_factory", "quoted_name", "select", "subquery", "table",
    "tablesample", "text", "true", "tuple_", "type_coerce", "union", "union_all", "update", "values",
    "within_group",
};

constexpr std::string_view kSqlSchema[] = {  // sqlalchemy.sql.schema
    "BLANK_SCHEMA", "CheckConstraint", "ClauseElement", "Column", "ColumnClause",
    "ColumnCollectionConstraint", "ColumnCollectionMixin", "ColumnDefault", "ColumnElement", "Computed",
    "Constraint", "DEFAULT_NAMING_CONVENTION", "DedupeColumnCollection", "DefaultClause",
    "DefaultGenerator", "DialectKWArgs", "Executable", "FetchedValue", "ForeignKey",
    "ForeignKeyConstraint", "Identity", "IdentityOptions", "Index", "InternalTraversal", "MetaData",
    "NULL_UNSPECIFIED", "PrimaryKeyConstraint", "RETAIN_SCHEMA", "SchemaEventTarget", "SchemaItem",
    "Sequence", "Table", "TableClause", "TextClause", "ThreadLocalMetaData", "UniqueConstraint",
    "absolute_import", "coercions", "collections", "ddl", "event", "exc", "inspection", "quoted_name",
    "roles", "sqlalchemy", "to_instance", "type_api", "util", "visitors",
};

constexpr std::string_view kSqlSqltypes[] = {  // sqlalchemy.sql.sqltypes
    "ARRAY", "BIGINT", "BINARY", "BLOB", "BOOLEAN", "BOOLEANTYPE", "BigInteger", "Boolean", "CHAR", "CLOB",
    "Concatenable", "DATE", "DATETIME", "DATETIME_TIMEZONE", "DECIMAL", "Date", "DateTime", "Emulated",
    "Enum", "FLOAT", "Float", "HasCacheKey", "INT", "INTEGER", "INTEGERTYPE", "Indexable", "Integer",
    "InternalTraversal", "Interval", "JSON", "LargeBinary", "MATCHTYPE", "MatchType", "NCHAR", "NO_ARG",
    "NULLTYPE", "NUMERIC", "NUMERICTYPE", "NVARCHAR", "NativeForEmulated", "NullType", "Numeric",
    "OrderedDict", "PickleType", "REAL", "SMALLINT", "STRINGTYPE", "SchemaEventTarget", "SchemaType",
    "Slice", "SmallInteger", "String", "TABLEVALUE", "TEXT", "TIME", "TIMESTAMP", "TIME_TIMEZONE",
    "TableValueType", "Text", "Time", "TupleType", "TypeDecorator", "TypeEngine", "Unicode", "UnicodeText",
    "VARBINARY", "VARCHAR", "Variant", "codecs", "coercions", "compat", "decimal", "dt", "elements",
    "event", "exc", "inspection", "json", "langhelpers", "operators", "pickle", "processors",
    "quoted_name", "roles", "to_instance", "type_api", "type_coerce", "util",
};

constexpr std::string_view kSqlFunctions[] = {  // sqlalchemy.sql.functions
    "AnsiFunction", "BinaryExpression", "BindParameter", "Cast", "ClauseList", "ColumnCollection",
    "ColumnElement", "Executable", "Extract", "FromClause", "Function", "FunctionAsBinary",
    "FunctionElement", "FunctionFilter", "Generative", "GenericFunction", "Grouping", "HasMemoized",
    "InternalTraversal", "NamedColumn", "OrderedSetAgg", "Over", "ReturnTypeFromArgs",
    "ScalarFunctionColumn", "Select", "TableValuedAlias", "TraversibleType", "WithinGroup", "annotation",
    "array_agg", "char_length", "coalesce", "coercions", "concat", "count", "cube", "cume_dist",
    "current_date", "current_time", "current_timestamp", "current_user", "dense_rank", "func",
    "grouping_sets", "literal_column", "localtime", "localtimestamp", "max", "min", "mode", "modifier",
    "next_value", "now", "operators", "percent_rank", "percentile_cont", "percentile_disc", "random",
    "rank", "register_function", "roles", "rollup", "schema", "session_user", "sqltypes", "sqlutil", "sum",
    "sysdate", "user", "util",
};

constexpr std::string_view kSqlTypeApi[] = {  // sqlalchemy.sql.type_api
    "BOOLEANTYPE", "Emulated", "ExternalType", "INDEXABLE", "INTEGERTYPE", "MATCHTYPE", "NO_CACHE",
    "NULLTYPE", "NUMERICTYPE", "NativeForEmulated", "STRINGTYPE", "SchemaEventTarget", "TABLEVALUE",
    "Traversible", "TraversibleType", "TypeDecorator", "TypeEngine", "UserDefinedType", "Variant",
    "VisitableCheckKWArg", "adapt_type", "exc", "operators", "to_instance", "util",
};

constexpr std::string_view kSqlElements[] = {  // sqlalchemy.sql.elements
    "Annotated", "AnnotatedColumnElement", "AsBoolean", "BinaryExpression", "BindParameter",
    "BooleanClauseList", "Case", "Cast", "ClauseElement", "ClauseList", "CollationClause",
    "CollectionAggregate", "ColumnClause", "ColumnElement", "Executable", "Extract", "False_",
    "FunctionFilter", "GroupedElement", "Grouping", "HasCopyInternals", "HasMemoized", "Immutable",
    "IndexExpression", "InternalTraversal", "Label", "MemoizedHasCacheKey", "NO_ARG", "NO_CACHE",
    "NamedColumn", "Null", "Over", "PARSE_AUTOCOMMIT", "RANGE_CURRENT", "RANGE_UNBOUNDED",
    "ReleaseSavepointClause", "RollbackToSavepointClause", "SavepointClause", "SingletonConstant", "Slice",
    "SupportsWrappingAnnotations", "TableValuedColumn", "TextClause", "Traversible", "True_", "Tuple",
    "TypeClause", "TypeCoerce", "UnaryExpression", "WithinGroup", "WrapsColumnExpression", "and_",
    "between", "cloned_traverse", "coercions", "collate", "conv", "exc", "inspection", "itertools",
    "literal", "literal_column", "not_", "operator", "operators", "or_", "outparam", "quoted_name", "re",
    "roles", "traversals", "traverse", "type_api", "unicode_literals", "util",
};

constexpr std::string_view kSqlOperators[] = {  // sqlalchemy.sql.operators
    "ColumnOperators", "Operators", "add", "all_op", "and_", "any_op", "as_", "asc_op", "between_op",
    "collate", "comma_op", "commutative_op", "comparison_op", "concat_op", "contains", "contains_op",
    "custom_op", "desc_op", "distinct_op", "div", "endswith_op", "eq", "exists", "filter_op", "from_",
    "function_as_comparison_op", "ge", "getitem", "gt", "ilike_op", "in_op", "inv", "is_",
    "is_associative", "is_boolean", "is_commutative", "is_comparison", "is_distinct_from", "is_false",
    "is_natural_self_precedent", "is_not", "is_not_distinct_from", "is_ordering_modifier", "is_precedent",
    "is_true", "isfalse", "isnot", "isnot_distinct_from", "istrue", "json_getitem_op",
    "json_path_getitem_op", "le", "like_op", "lshift", "lt", "match_op", "mirror", "mod", "mul", "ne",
    "neg", "not_between_op", "not_contains_op", "not_endswith_op", "not_ilike_op", "not_in_op",
    "not_like_op", "not_match_op", "not_regexp_match_op", "not_startswith_op", "notbetween_op",
    "notcontains_op", "notendswith_op", "notilike_op", "notin_op", "notlike_op", "notmatch_op",
    "notstartswith_op", "nulls_first_op", "nulls_last_op", "nullsfirst_op", "nullslast_op", "op", "or_",
    "regexp_match_op", "regexp_replace_op", "rshift", "startswith_op", "sub", "truediv", "util",
};

constexpr std::string_view kEngine[] = {  // sqlalchemy.engine
    "AdaptedConnection", "BaseCursorResult", "BaseRow", "BufferedColumnResultProxy", "BufferedColumnRow",
    "BufferedRowResultProxy", "ChunkedIteratorResult", "Compiled", "Connectable", "Connection",
    "CreateEnginePlugin", "CursorResult", "Dialect", "Engine", "ExceptionContext", "ExecutionContext",
    "FilterResult", "FrozenResult", "FullyBufferedResultProxy", "Inspector", "IteratorResult",
    "LegacyCursorResult", "LegacyRow", "MappingResult", "MergedResult", "NestedTransaction", "Result",
    "ResultProxy", "RootTransaction", "Row", "RowMapping", "ScalarResult", "Transaction",
    "TwoPhaseTransaction", "TypeCompiler", "URL", "base", "characteristics", "connection_memoize",
    "create", "create_engine", "create_mock_engine", "cursor", "ddl", "default", "engine_from_config",
    "events", "interfaces", "make_url", "mock", "reflection", "result", "result_tuple", "row", "url",
    "util",
};

constexpr std::string_view kEngineUrl[] = {  // sqlalchemy.engine.url
    "Dialect", "URL", "collections_abc", "compat", "exc", "make_url", "plugins", "re", "registry", "util",
};

constexpr std::string_view kExc[] = {  // sqlalchemy.exc
    "AmbiguousForeignKeysError", "ArgumentError", "AwaitRequired", "Base20DeprecationWarning",
    "CircularDependencyError", "CompileError", "DBAPIError", "DataError", "DatabaseError",
    "DisconnectionError", "DontWrapMixin", "HasDescriptionCode", "IdentifierError", "IntegrityError",
    "InterfaceError", "InternalError", "InvalidRequestError", "InvalidatePoolError", "LegacyAPIWarning",
    "MissingGreenlet", "MovedIn20Warning", "MultipleResultsFound", "NoForeignKeysError",
    "NoInspectionAvailable", "NoReferenceError", "NoReferencedColumnError", "NoReferencedTableError",
    "NoResultFound", "NoSuchColumnError", "NoSuchModuleError", "NoSuchTableError", "NotSupportedError",
    "ObjectNotExecutableError", "OperationalError", "PendingRollbackError", "ProgrammingError",
    "RemovedIn20Warning", "ResourceClosedError", "SADeprecationWarning", "SAPendingDeprecationWarning",
    "SAWarning", "SQLAlchemyError", "StatementError", "TimeoutError", "UnboundExecutionError",
    "UnreflectableTableError", "UnsupportedCompilationError", "compat",
};

constexpr std::string_view kEvent[] = {  // sqlalchemy.event
    "CANCEL", "Events", "NO_RETVAL", "RefCollection", "api", "attr", "base", "contains", "dispatcher",
    "legacy", "listen", "listens_for", "registry", "remove",
};

constexpr std::string_view kInspection[] = {  // sqlalchemy.inspection
    "exc", "inspect", "util",
};

constexpr std::string_view kExtDeclarative[] = {  // sqlalchemy.ext.declarative
    "AbstractConcreteBase", "ConcreteBase", "DeclarativeMeta", "DeferredReflection", "as_declarative",
    "declarative_base", "declared_attr", "extensions", "has_inherited_table", "instrument_declarative",
    "synonym_for", "util",
};

constexpr std::string_view kExtHybrid[] = {  // sqlalchemy.ext.hybrid
    "Comparator", "ExprComparator", "HYBRID_METHOD", "HYBRID_PROPERTY", "attributes", "hybrid_method",
    "hybrid_property", "interfaces", "util",
};

constexpr std::string_view kExtAssociationproxy[] = {  // sqlalchemy.ext.associationproxy
    "ASSOCIATION_PROXY", "AmbiguousAssociationProxyInstance", "AssociationProxy",
    "AssociationProxyInstance", "ColumnAssociationProxyInstance", "ColumnOperators",
    "ObjectAssociationProxyInstance", "association_proxy", "collections", "exc", "inspect", "interfaces",
    "operator", "or_", "orm", "util",
};

constexpr std::string_view kExtMutable[] = {  // sqlalchemy.ext.mutable
    "Mapper", "Mutable", "MutableBase", "MutableComposite", "MutableDict", "MutableList", "MutableSet",
    "SchemaEventTarget", "defaultdict", "event", "flag_modified", "inspect", "mapper", "memoized_property",
    "types", "weakref",
};

constexpr std::string_view kExtOrderinglist[] = {  // sqlalchemy.ext.orderinglist
    "OrderingList", "collection", "collection_adapter", "count_from_0", "count_from_1",
    "count_from_n_factory", "ordering_list",
};

constexpr std::string_view kExtCompiler[] = {  // sqlalchemy.ext.compiler
    "compiles", "deregister", "exc", "sqltypes", "util",
};

constexpr std::string_view kExtIndexable[] = {  // sqlalchemy.ext.indexable
    "absolute_import", "flag_modified", "hybrid_property", "index_property", "inspect", "util",
};

constexpr std::string_view kDialectsPostgresql[] = {  // sqlalchemy.dialects.postgresql
    "ARRAY", "All", "Any", "BIGINT", "BIT", "BOOLEAN", "BYTEA", "CHAR", "CIDR", "CreateEnumType", "DATE",
    "DATERANGE", "DOUBLE_PRECISION", "DropEnumType", "ENUM", "ExcludeConstraint", "FLOAT", "HSTORE",
    "INET", "INT4RANGE", "INT8RANGE", "INTEGER", "INTERVAL", "Insert", "JSON", "JSONB", "MACADDR",
    "MACADDR8", "MONEY", "NUMERIC", "NUMRANGE", "OID", "REAL", "REGCLASS", "SMALLINT", "TEXT", "TIME",
    "TIMESTAMP", "TSRANGE", "TSTZRANGE", "TSVECTOR", "UUID", "VARCHAR", "aggregate_order_by", "array",
    "array_agg", "asyncpg", "base", "compat", "dialect", "dml", "ext", "hstore", "insert", "json",
    "pg8000", "psycopg2", "psycopg2cffi", "pygresql", "pypostgresql", "ranges",
};

constexpr std::string_view kDialectsSqlite[] = {  // sqlalchemy.dialects.sqlite
    "BLOB", "BOOLEAN", "CHAR", "DATE", "DATETIME", "DECIMAL", "FLOAT", "INTEGER", "Insert", "JSON",
    "NUMERIC", "REAL", "SMALLINT", "TEXT", "TIME", "TIMESTAMP", "VARCHAR", "aiosqlite", "base", "compat",
    "dialect", "dml", "insert", "json", "pysqlcipher", "pysqlite",
};

constexpr std::string_view kOrmCollections[] = {  // sqlalchemy.orm.collections
    "CollectionAdapter", "InstrumentedDict", "InstrumentedList", "InstrumentedSet", "MappedCollection",
    "attribute_mapped_collection", "base", "bulk_replace", "coercions", "collection", "collection_adapter",
    "column_mapped_collection", "expression", "inspect_getfullargspec", "mapped_collection", "operator",
    "prepare_instrumentation", "roles", "sa_exc", "util", "weakref",
};

constexpr std::string_view kOrmAttributes[] = {  // sqlalchemy.orm.attributes
    "ATTR_EMPTY", "ATTR_WAS_SET", "AttributeEvent", "AttributeImpl", "CALLABLES_OK",
    "CollectionAttributeImpl", "DEFERRED_HISTORY_LOAD", "Event", "Generic", "HISTORY_BLANK",
    "HasEntityNamespace", "History", "INIT_OK", "InstrumentedAttribute", "LOAD_AGAINST_COMMITTED",
    "Mapped", "NEVER_SET", "NON_PERSISTENT_OK", "NO_AUTOFLUSH", "NO_CHANGE", "NO_KEY", "NO_RAISE",
    "NO_VALUE", "NoKey", "OP_APPEND", "OP_BULK_REPLACE", "OP_MODIFIED", "OP_REMOVE", "OP_REPLACE",
    "PASSIVE_CLASS_MISMATCH", "PASSIVE_NO_FETCH", "PASSIVE_NO_FETCH_RELATED", "PASSIVE_NO_INITIALIZE",
    "PASSIVE_NO_RESULT", "PASSIVE_OFF", "PASSIVE_ONLY_PERSISTENT", "PASSIVE_RETURN_NO_VALUE",
    "QueryableAttribute", "RELATED_OBJECT_OK", "SQL_OK", "ScalarAttributeImpl",
    "ScalarObjectAttributeImpl", "TypeVar", "backref_listeners", "collections", "create_proxied_attribute",
    "del_attribute", "event", "exc", "flag_dirty", "flag_modified", "get_attribute", "get_history",
    "get_state_history", "has_parent", "init_collection", "init_state_collection", "inspection",
    "instance_dict", "instance_state", "instance_str", "interfaces", "manager_of_class", "operator",
    "orm_exc", "register_attribute", "register_attribute_impl", "register_descriptor", "roles",
    "set_attribute", "set_committed_value", "sql_base", "state_str", "traversals", "unregister_attribute",
    "util", "visitors",
};

constexpr std::string_view kOrmSession[] = {  // sqlalchemy.orm.session
    "ACTIVE", "CLOSED", "COMMITTED", "CompileState", "DEACTIVE", "LABEL_STYLE_TABLENAME_PLUS_COL",
    "ORMExecuteState", "PREPARED", "Session", "SessionTransaction", "TransactionalContext",
    "UOWTransaction", "attributes", "close_all_sessions", "coercions", "context", "dml", "engine", "exc",
    "identity", "inspect", "instance_str", "itertools", "loading", "make_transient",
    "make_transient_to_detached", "object_mapper", "object_session", "object_state", "persistence",
    "query", "roles", "sa_exc", "sessionmaker", "sql", "state_str", "statelib", "sys", "util", "visitors",
    "weakref",
};

constexpr std::string_view kOrmExc[] = {  // sqlalchemy.orm.exc
    "ConcurrentModificationError", "DetachedInstanceError", "FlushError", "LoaderStrategyException",
    "MultipleResultsFound", "NO_STATE", "NoResultFound", "ObjectDeletedError", "ObjectDereferencedError",
    "StaleDataError", "UnmappedClassError", "UnmappedColumnError", "UnmappedError",
    "UnmappedInstanceError", "sa_exc", "util",
};

constexpr std::string_view kOrmProperties[] = {  // sqlalchemy.orm.properties
    "ColumnProperty", "CompositeProperty", "ConcreteInheritedProperty", "PropComparator",
    "RelationshipProperty", "StrategizedProperty", "SynonymProperty", "absolute_import", "attributes",
    "coercions", "log", "roles", "util",
};

constexpr std::string_view kOrmRelationships[] = {  // sqlalchemy.orm.relationships
    "CascadeOptions", "ClauseAdapter", "JoinCondition", "MANYTOMANY", "MANYTOONE", "ONETOMANY",
    "PASSIVE_MERGE", "PropComparator", "RelationshipProperty", "StrategizedProperty", "absolute_import",
    "adapt_criterion_to_null", "attributes", "coercions", "collections", "expression", "foreign",
    "inspect", "join_condition", "log", "operators", "re", "remote", "roles", "sa_exc", "schema",
    "selectables_overlap", "sql", "state_str", "util", "visit_binary_product", "visitors", "weakref",
};

constexpr std::string_view kOrmDeclApi[] = {  // sqlalchemy.orm.decl_api
    "DeclarativeBase", "DeclarativeBaseNoMeta", "DeclarativeMeta", "Mapped", "MappedAsDataclass",
    "MetaData", "absolute_import", "as_declarative", "attributes", "clsregistry", "declarative_base",
    "declarative_mixin", "declared_attr", "exc", "has_inherited_table", "hybridmethod", "hybridproperty",
    "inspection", "instrumentation", "interfaces", "itertools", "mapped_column", "mapperlib", "orm_exc",
    "re", "registry", "synonym_for", "util", "weakref",
};

constexpr std::string_view kUtil[] = {  // sqlalchemy.util
    "ABC", "EMPTY_DICT", "EMPTY_SET", "EnsureKWArgType", "FacadeDict", "HasMemoized", "IdentitySet",
    "ImmutableContainer", "ImmutableProperties", "LRUCache", "MemoizedSlots", "NoneType", "OrderedDict",
    "OrderedIdentitySet", "OrderedProperties", "OrderedSet", "PluginLoader", "PopulateDict", "Properties",
    "SQLALCHEMY_WARN_20", "ScopedRegistry", "StringIO", "TYPE_CHECKING", "ThreadLocalRegistry",
    "UniqueAppender", "WeakPopulateDict", "WeakSequence", "add_parameter_text", "arm", "as_interface",
    "asbool", "asint", "assert_arg_type", "asyncio", "attrsetter", "await_fallback", "await_only", "b",
    "b64decode", "b64encode", "binary_type", "binary_types", "bool_or_str", "byte_buffer", "callable",
    "chop_traceback", "class_hierarchy", "classproperty", "clsname_as_plain_name", "cmp",
    "coerce_generator_arg", "coerce_kw_type", "coerce_to_immutabledict", "collections_abc", "column_dict",
    "column_set", "compat", "concurrency", "constructor_copy", "constructor_key", "contextmanager",
    "counter", "cpython", "create_proxy_methods", "dataclass_fields", "decode_backslashreplace",
    "decode_slice", "decorator", "defaultdict", "deprecated", "deprecated_20", "deprecated_20_cls",
    "deprecated_cls", "deprecated_params", "deprecations", "dictlike_iteritems", "dottedgetter",
    "duck_type_collection", "ellipses_string", "flatten_iterator", "format_argspec_init",
    "format_argspec_plus", "generic_repr", "get_callable_argspec", "get_cls_kwargs", "get_func_kwargs",
    "getargspec_init", "greenlet_spawn", "has_compiled_ext", "has_dupes", "has_intersection",
    "has_refcount_gc", "hybridmethod", "hybridproperty", "immutabledict", "inject_docstring_text",
    "inspect_getfullargspec", "int_types", "is64bit", "is_exit_exception", "iterate_attributes",
    "iterbytes", "itertools_filter", "itertools_filterfalse", "langhelpers", "local_dataclass_fields",
    "map_bits", "md5_hex", "memoized_instancemethod", "memoized_property", "method_is_overridden",
    "methods_equivalent", "monkeypatch_proxied_specials", "moved_20", "namedtuple", "next", "nullcontext",
    "only_once", "ordered_column_set", "osx", "parse_qsl", "partial", "perf_counter", "pickle",
    "portable_instancemethod", "preload_module", "preloaded", "print_", "py2k", "py310", "py311", "py312",
    "py37", "py38", "py39", "py3k", "pypy", "queue", "quote_plus", "quoted_token_parser", "raise_",
    "raise_from_cause", "reduce", "reraise", "safe_reraise", "set_creation_order", "sort_dictionary",
    "string_or_unprintable", "string_types", "symbol", "text_type", "threading", "timezone",
    "to_column_set", "to_list", "to_set", "topological", "u", "ue", "unbound_method_to_callable",
    "unique_list", "unquote", "unquote_plus", "update_copy", "update_wrapper", "walk_subclasses", "warn",
    "warn_deprecated", "warn_deprecated_20", "warn_exception", "warn_limited", "win32", "with_metaclass",
    "wrap_callable", "zip_longest",
};

// Each module SQLAlchemy's names are listed for, with its names (sorted: looked up by binary search).
struct ModuleNames {
    std::string_view module;
    std::span<const std::string_view> names;
};

constexpr ModuleNames kModules[] = {
    {"sqlalchemy", kSqlalchemy},
    {"sqlalchemy.orm", kOrm},
    {"sqlalchemy.types", kTypes},
    {"sqlalchemy.schema", kSchema},
    {"sqlalchemy.sql", kSql},
    {"sqlalchemy.sql.expression", kSqlExpression},
    {"sqlalchemy.sql.schema", kSqlSchema},
    {"sqlalchemy.sql.sqltypes", kSqlSqltypes},
    {"sqlalchemy.sql.functions", kSqlFunctions},
    {"sqlalchemy.sql.type_api", kSqlTypeApi},
    {"sqlalchemy.sql.elements", kSqlElements},
    {"sqlalchemy.sql.operators", kSqlOperators},
    {"sqlalchemy.engine", kEngine},
    {"sqlalchemy.engine.url", kEngineUrl},
    {"sqlalchemy.exc", kExc},
    {"sqlalchemy.event", kEvent},
    {"sqlalchemy.inspection", kInspection},
    {"sqlalchemy.ext.declarative", kExtDeclarative},
    {"sqlalchemy.ext.hybrid", kExtHybrid},
    {"sqlalchemy.ext.associationproxy", kExtAssociationproxy},
    {"sqlalchemy.ext.mutable", kExtMutable},
    {"sqlalchemy.ext.orderinglist", kExtOrderinglist},
    {"sqlalchemy.ext.compiler", kExtCompiler},
    {"sqlalchemy.ext.indexable", kExtIndexable},
    {"sqlalchemy.dialects.postgresql", kDialectsPostgresql},
    {"sqlalchemy.dialects.sqlite", kDialectsSqlite},
    {"sqlalchemy.orm.collections", kOrmCollections},
    {"sqlalchemy.orm.attributes", kOrmAttributes},
    {"sqlalchemy.orm.session", kOrmSession},
    {"sqlalchemy.orm.exc", kOrmExc},
    {"sqlalchemy.orm.properties", kOrmProperties},
    {"sqlalchemy.orm.relationships", kOrmRelationships},
    {"sqlalchemy.orm.decl_api", kOrmDeclApi},
    {"sqlalchemy.util", kUtil},
};

}  // namespace

// Names SQLAlchemy 2.0 added that 2.0-style projects import (1.4 lacks them).
bool added_in_2_0(std::string_view module, std::string_view name) {
    static const std::vector<std::string_view> top = {
    "CursorResult", "DOUBLE", "DOUBLE_PRECISION", "Double", "Engine", "Connection", "Executable", "Nullable",
    "NotNullable", "Result", "Row", "RowMapping", "ScalarResult", "TupleType", "URL", "UUID", "Uuid",
    "insert_sentinel", "make_url", "create_pool_from_url", "ColumnExpressionArgument", "Select",
    "TableValuedAlias", "Subquery", "CTE", "Values", "values", "try_cast", "SQLColumnExpression",
    // sqlalchemy.sql.expression's classes and the engine's interfaces, exported at the top in 2.0
    "Alias", "BinaryExpression", "BindParameter", "BooleanClauseList", "Case", "Cast", "ClauseElement",
    "ClauseList", "ColumnClause", "ColumnCollection", "ColumnElement", "ColumnOperators", "CompoundSelect",
    "Delete", "Exists", "Extract", "FromClause", "Function", "FunctionElement", "FunctionFilter",
    "Insert", "Join", "Label", "Lateral", "Null", "Operators", "Over", "ScalarSelect", "SelectBase",
    "SelectLabelStyle", "TableClause", "TextClause", "TextualSelect", "Tuple", "TypeClause", "TypeCoerce",
    "UnaryExpression", "Update", "UpdateBase", "ValuesBase", "WithinGroup", "bitwise_not", "cte",
    "label", "Dialect", "Inspector", "MappingResult", "Transaction", "NestedTransaction", "RootTransaction",
    "TypeCompiler", "Compiled", "ExecutionContext", "ExceptionContext", "CreateEnginePlugin", "BindTyping",
    "AdaptedConnection", "ExecutableDDLElement", "BaseDDLElement"};
    static const std::vector<std::string_view> orm = {
    "DeclarativeBase", "DeclarativeBaseNoMeta", "DynamicMapped", "Mapped", "MappedAsDataclass", "MappedColumn",
    "MappedSQLExpression", "WriteOnlyMapped", "WriteOnlyCollection", "attribute_keyed_dict", "column_keyed_dict",
    "keyfunc_mapping", "mapped_column", "mapped_as_dataclass", "InstrumentedAttribute", "QueryableAttribute",
    "ORMExecuteState", "selectin_polymorphic", "immediateload", "raiseload", "joinedload", "selectinload",
    "lazyload", "noload", "contains_eager", "defer", "undefer", "load_only", "with_loader_criteria",
    "Composite", "Relationship", "Synonym", "KeyFuncDict", "SQLORMExpression", "declarative_mixin",
    "add_mapped_attribute", "as_declarative", "declared_attr", "registry", "synonym_for", "validates",
    "ORMDescriptor", "MappedCollection", "attribute_mapped_collection", "column_mapped_collection",
    "mapped_collection", "LoaderCallableStatus", "PassiveFlag", "RelationshipDirection", "MappedClassProtocol",
    "NotExtension", "InspectionAttrExtensionType", "AttributeEventToken", "SessionTransactionOrigin"};
    if (module == "sqlalchemy" || module == "sqlalchemy.types" || module == "sqlalchemy.sql" ||
        module == "sqlalchemy.schema" || module == "sqlalchemy.engine")
        return std::find(top.begin(), top.end(), name) != top.end();
    if (module == "sqlalchemy.orm" || module == "sqlalchemy.orm.decl_api")
        return std::find(orm.begin(), orm.end(), name) != orm.end();
    return false;
}

std::vector<std::string_view> sqlalchemy_module_names(std::string_view module) {
    for (auto& [m, names] : kModules)
        if (m == module) return {names.begin(), names.end()};
    return {};
}

std::optional<bool> sqlalchemy_exports(std::string_view module, std::string_view name) {
    for (auto& [m, names] : kModules)
        if (m == module) return std::binary_search(names.begin(), names.end(), name) || added_in_2_0(module, name);
    return std::nullopt;
}

}  // namespace orm::declarative
