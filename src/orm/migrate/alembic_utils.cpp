// alembic_utils' replaceable entities, natively: PGExtension, PGFunction,
// PGTrigger and PGView with the SQL the library writes for them, and the
// operations it registers on op (create_entity, drop_entity,
// replace_entity), which run that SQL as op.execute(text(...)) does.
#include "orm/migrate/script_runtime_impl.hpp"

namespace orm::migrate {

namespace py = orm::python;

namespace {

const char* const kEntities = R"PY(
"""alembic_utils' entities, as orm runs them (the SQL alembic_utils writes)."""
import sqlalchemy as _sa


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


class ReplaceableEntity:
    def __init__(self, schema, signature, definition):
        self.schema = schema
        self.signature = signature
        self.definition = definition

    @property
    def literal_schema(self):
        return _quote(self.schema)

    @property
    def identity(self):
        return "%s.%s" % (self.schema, self.signature)

    def to_sql_statement_create_or_replace(self):
        yield self.to_sql_statement_drop()
        yield self.to_sql_statement_create()


class PGExtension(ReplaceableEntity):
    def __init__(self, schema, signature):
        ReplaceableEntity.__init__(self, schema, signature, "")

    def to_sql_statement_create(self):
        return _sa.text('CREATE EXTENSION "%s" WITH SCHEMA %s' % (self.signature, self.literal_schema))

    def to_sql_statement_drop(self, cascade=False):
        return _sa.text('DROP EXTENSION "%s"%s' % (self.signature, " CASCADE" if cascade else ""))


class PGFunction(ReplaceableEntity):
    @property
    def literal_signature(self):
        name, _, rest = self.signature.partition("(")
        return _quote(name.strip()) + "(" + rest

    def _drop_arguments(self):
        # The argument list without DEFAULT clauses, as DROP FUNCTION takes it.
        inner = self.signature.partition("(")[2].rpartition(")")[0]
        args = []
        for arg in inner.split(","):
            arg = arg.strip()
            upper = arg.upper()
            at = upper.find(" DEFAULT ")
            if at >= 0:
                arg = arg[:at]
            at = arg.find("=")
            if at >= 0:
                arg = arg[:at].strip()
            if arg:
                args.append(arg)
        return ", ".join(args)

    def to_sql_statement_create(self):
        return _sa.text("CREATE FUNCTION %s.%s %s" % (self.literal_schema, self.literal_signature, self.definition))

    def to_sql_statement_drop(self, cascade=False):
        name = self.signature.partition("(")[0].strip()
        return _sa.text("DROP FUNCTION %s.%s(%s)%s" % (self.literal_schema, _quote(name), self._drop_arguments(),
                                                      " CASCADE" if cascade else ""))

    def to_sql_statement_create_or_replace(self):
        yield _sa.text("CREATE OR REPLACE FUNCTION %s.%s %s" % (self.literal_schema, self.literal_signature,
                                                                self.definition))


class PGTrigger(ReplaceableEntity):
    def __init__(self, schema, signature, on_entity, definition, is_constraint=False):
        ReplaceableEntity.__init__(self, schema, signature, definition)
        self.on_entity = on_entity
        self.is_constraint = is_constraint

    def to_sql_statement_create(self):
        return _sa.text('CREATE%s TRIGGER "%s" %s' % (" CONSTRAINT" if self.is_constraint else "", self.signature,
                                                      self.definition))

    def to_sql_statement_drop(self, cascade=False):
        return _sa.text('DROP TRIGGER "%s" ON %s%s' % (self.signature, self.on_entity, " CASCADE" if cascade else ""))


class PGView(ReplaceableEntity):
    def to_sql_statement_create(self):
        return _sa.text("CREATE VIEW %s.%s AS %s" % (self.literal_schema, _quote(self.signature), self.definition))

    def to_sql_statement_drop(self, cascade=False):
        return _sa.text("DROP VIEW %s.%s%s" % (self.literal_schema, _quote(self.signature), " CASCADE" if cascade else ""))

    def to_sql_statement_create_or_replace(self):
        yield _sa.text("CREATE OR REPLACE VIEW %s.%s AS %s" % (self.literal_schema, _quote(self.signature),
                                                               self.definition))


def create_entity(target):
    from alembic import op
    op.execute(target.to_sql_statement_create())


def drop_entity(target, cascade=False):
    from alembic import op
    op.execute(target.to_sql_statement_drop(cascade=cascade))


def replace_entity(target):
    from alembic import op
    for statement in target.to_sql_statement_create_or_replace():
        op.execute(statement)
)PY";

}  // namespace

void register_alembic_utils(ScriptRuntime::Impl& rt) {
    py::Interpreter& in = *rt.in;
    in.register_source_module("alembic_utils", "", true);
    in.register_source_module("alembic_utils._entities", kEntities);
    for (const char* sub : {"pg_extension", "pg_function", "pg_trigger", "pg_view", "replaceable_entity"})
        in.register_source_module(std::string("alembic_utils.") + sub, "from alembic_utils._entities import *\n");
}

std::optional<python::Value> alembic_utils_operation(ScriptRuntime::Impl& rt, const std::string& name) {
    if (name != "create_entity" && name != "drop_entity" && name != "replace_entity") return std::nullopt;
    py::Ref<py::ModuleObject> m = rt.in->import_module("alembic_utils._entities", {});
    const py::Value* fn = m->dict->find_str(name);
    if (!fn) return std::nullopt;
    return *fn;
}

}  // namespace orm::migrate
