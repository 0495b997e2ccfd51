#include "orm/migrate/render_models.hpp"
#include "orm/migrate/render_relationships.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "orm/dialect/dialect.hpp"

namespace orm::migrate {

using schema::Clause;
using schema::ClauseKind;
using schema::TypeEngine;
using schema::TypeKind;

std::string python_string(const std::string& value) {
    std::string out = "\"";
    for (unsigned char c : value) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\x%02x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

namespace {

const std::set<std::string>& python_keywords() {
    static const std::set<std::string> kw{
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"};
    return kw;
}

bool is_identifier(const std::string& s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
    for (unsigned char c : s)
        if (!(std::isalnum(c) || c == '_')) return false;
    return !python_keywords().count(s);
}

// Names a declarative class body cannot use for a column attribute.
bool reserved_attribute(const std::string& s) {
    static const std::set<std::string> r{"metadata", "registry", "query", "__tablename__", "__table_args__",
                                         "__table__", "__mapper__", "__mapper_args__", "__abstract__"};
    return r.count(s) > 0 || (s.size() > 1 && s[0] == '_' && s[1] == '_');
}

std::string sanitize(const std::string& s) {
    std::string out;
    for (unsigned char c : s) out += std::isalnum(c) ? static_cast<char>(c) : '_';
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "_" + out;
    while (python_keywords().count(out)) out += "_";
    return out;
}

std::string class_name_for(const std::string& table) {
    std::string out;
    bool up = true;
    for (unsigned char c : table) {
        if (!std::isalnum(c)) {
            up = true;
            continue;
        }
        out += up ? static_cast<char>(std::toupper(c)) : static_cast<char>(c);
        up = false;
    }
    if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0]))) out = "T" + out;
    return out;
}

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string out;
    for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
    return out;
}

bool postgresql_class(TypeKind k) { return k >= TypeKind::PG_JSON; }

std::string render_type(const TypeEngine& t) {
    std::string cls = (postgresql_class(t.kind) ? "postgresql." : "sa.") + t.class_name();
    std::vector<std::string> args;
    switch (t.kind) {
    case TypeKind::PG_ENUM: case TypeKind::Enum:
        if (t.enum_spec) {
            for (const auto& v : t.enum_spec->values) args.push_back(python_string(v));
            if (t.enum_spec->name) args.push_back("name=" + python_string(*t.enum_spec->name));
            if (t.enum_spec->schema) args.push_back("schema=" + python_string(*t.enum_spec->schema));
        }
        break;
    case TypeKind::PG_ARRAY: case TypeKind::ARRAY:
        args.push_back(t.item_type ? render_type(*t.item_type) : "sa.TEXT");
        if (t.dimensions) args.push_back("dimensions=" + std::to_string(*t.dimensions));
        break;
    case TypeKind::PG_TIMESTAMP: case TypeKind::PG_TIME:
        if (t.timezone) args.push_back("timezone=True");
        if (t.precision) args.push_back("precision=" + std::to_string(*t.precision));
        break;
    case TypeKind::TIMESTAMP: case TypeKind::TIME: case TypeKind::DATETIME:
        if (t.timezone) args.push_back("timezone=True");
        break;
    case TypeKind::PG_INTERVAL:
        if (t.precision) args.push_back("precision=" + std::to_string(*t.precision));
        if (t.fields) args.push_back("fields=" + python_string(*t.fields));
        break;
    case TypeKind::NUMERIC: case TypeKind::DECIMAL: case TypeKind::FLOAT:
        if (t.precision) args.push_back(std::to_string(*t.precision));
        if (t.scale) args.push_back(std::to_string(*t.scale));
        break;
    case TypeKind::PG_UUID:
        if (t.as_uuid) args.push_back("as_uuid=True");
        break;
    default:
        if (t.length) args.push_back(std::to_string(*t.length));
        break;
    }
    if (t.collation) args.push_back("collation=" + python_string(*t.collation));
    if (args.empty()) return cls;
    return cls + "(" + join(args, ", ") + ")";
}

// The SQL of a reflected clause (Text as stored, a column reference by name).
std::string clause_sql(const Clause& c) {
    switch (c.kind) {
    case ClauseKind::Column: {
        bool plain = !c.text.empty() && std::all_of(c.text.begin(), c.text.end(), [](unsigned char ch) {
            return std::islower(ch) || std::isdigit(ch) || ch == '_';
        });
        if (plain) return c.text;
        std::string out = "\"";
        for (char ch : c.text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        return out + "\"";
    }
    case ClauseKind::Desc: return clause_sql(*c.args.at(0)) + " DESC";
    case ClauseKind::Asc: return clause_sql(*c.args.at(0)) + " ASC";
    default: return c.text;
    }
}

std::string sa_text(const Clause& c) { return "sa.text(" + python_string(clause_sql(c)) + ")"; }

std::string string_list(const std::vector<std::string>& items) {
    std::vector<std::string> q;
    for (const auto& i : items) q.push_back(python_string(i));
    return "[" + join(q, ", ") + "]";
}

bool pk_in_column_order(const schema::Table& t) {
    std::vector<std::string> in_order;
    for (const auto& c : t.columns)
        if (std::find(t.primary_key.columns.begin(), t.primary_key.columns.end(), c.name) != t.primary_key.columns.end())
            in_order.push_back(c.name);
    return in_order == t.primary_key.columns;
}

struct TableParts {
    std::vector<std::string> columns;   // sa.Column(...) expressions, with the attribute they go to
    std::vector<std::string> attributes;
    std::vector<std::string> constraints;
    std::vector<std::string> kwargs;    // table keyword arguments: comment=..., sqlite_autoincrement=True
};

TableParts table_parts(const schema::Table& t, const dialect::Dialect& backend) {
    TableParts out;
    const bool pk_constraint = !t.primary_key.columns.empty() &&
                               (!pk_in_column_order(t) ||
                                (t.primary_key.name && *t.primary_key.name != backend.default_primary_key_name(t.name)));
    std::set<std::string> used_attrs;
    for (const auto& c : t.columns) {
        std::string attr = is_identifier(c.name) && !reserved_attribute(c.name) ? c.name : sanitize(c.name);
        // A dunder stays one however many underscores follow ("$$" sanitises to "__").
        if (attr.starts_with("__")) attr = "c" + attr;
        while (reserved_attribute(attr) || used_attrs.count(attr)) attr += "_";
        used_attrs.insert(attr);
        std::vector<std::string> args;
        if (attr != c.name) args.push_back(python_string(c.name));
        args.push_back(render_type(c.type));
        if (c.identity) args.push_back(c.identity->always ? "sa.Identity(always=True)" : "sa.Identity()");
        if (c.computed)
            args.push_back("sa.Computed(" + python_string(clause_sql(*c.computed->sqltext)) +
                           (c.computed->persisted ? std::string(", persisted=") + (*c.computed->persisted ? "True" : "False")
                                                  : std::string()) + ")");
        const bool in_pk = std::find(t.primary_key.columns.begin(), t.primary_key.columns.end(), c.name) !=
                           t.primary_key.columns.end();
        if (in_pk && !pk_constraint) args.push_back("primary_key=True");
        if (c.autoincrement == schema::Autoincrement::True && !c.identity) args.push_back("autoincrement=True");
        if (c.autoincrement == schema::Autoincrement::False && in_pk) args.push_back("autoincrement=False");
        // SQLAlchemy's defaults: nullable unless primary_key=True.
        if (in_pk && !pk_constraint) {
            if (c.nullable) args.push_back("nullable=True");
        } else if (!c.nullable && !in_pk) {
            args.push_back("nullable=False");
        }
        if (c.server_default) {
            std::string sql = clause_sql(*c.server_default);
            sql = backend.reflected_default_text(sql);
            args.push_back("server_default=sa.text(" + python_string(sql) + ")");
        }
        if (c.comment) args.push_back("comment=" + python_string(*c.comment));
        out.attributes.push_back(attr);
        out.columns.push_back("sa.Column(" + join(args, ", ") + ")");
    }
    if (pk_constraint) {
        std::vector<std::string> args;
        for (const auto& c : t.primary_key.columns) args.push_back(python_string(c));
        if (t.primary_key.name) args.push_back("name=" + python_string(*t.primary_key.name));
        out.constraints.push_back("sa.PrimaryKeyConstraint(" + join(args, ", ") + ")");
    }
    auto deferrable = [](const schema::ConstraintBase& c, std::vector<std::string>& args) {
        if (c.deferrable) args.push_back(std::string("deferrable=") + (*c.deferrable == "DEFERRABLE" ? "True" : "False"));
        if (c.initially) args.push_back("initially=" + python_string(*c.initially));
    };
    for (const auto& fk : t.foreign_keys) {
        std::vector<std::string> refs;
        for (const auto& rc : fk.referred_columns)
            refs.push_back((fk.referred_schema ? *fk.referred_schema + "." : "") + fk.referred_table + "." + rc);
        std::vector<std::string> args{string_list(fk.columns), string_list(refs)};
        if (fk.name) args.push_back("name=" + python_string(*fk.name));
        if (fk.ondelete) args.push_back("ondelete=" + python_string(*fk.ondelete));
        if (fk.onupdate) args.push_back("onupdate=" + python_string(*fk.onupdate));
        if (fk.match) args.push_back("match=" + python_string(*fk.match));
        deferrable(fk, args);
        out.constraints.push_back("sa.ForeignKeyConstraint(" + join(args, ", ") + ")");
    }
    for (const auto& uq : t.unique_constraints) {
        std::vector<std::string> args;
        for (const auto& c : uq.columns) args.push_back(python_string(c));
        if (uq.name) args.push_back("name=" + python_string(*uq.name));
        deferrable(uq, args);
        out.constraints.push_back("sa.UniqueConstraint(" + join(args, ", ") + ")");
    }
    for (const auto& ck : t.check_constraints) {
        std::vector<std::string> args{python_string(clause_sql(*ck.sqltext))};
        if (ck.name) args.push_back("name=" + python_string(*ck.name));
        out.constraints.push_back("sa.CheckConstraint(" + join(args, ", ") + ")");
    }
    for (const auto& ix : t.indexes) {
        std::vector<std::string> args{ix.name ? python_string(*ix.name) : "None"};
        for (const auto& e : ix.expressions)
            args.push_back(e->kind == ClauseKind::Column ? python_string(e->text) : sa_text(*e));
        if (ix.unique) args.push_back("unique=True");
        if (ix.postgresql_where) args.push_back("postgresql_where=" + sa_text(*ix.postgresql_where));
        if (ix.sqlite_where) args.push_back("sqlite_where=" + sa_text(*ix.sqlite_where));
        if (ix.postgresql_using) args.push_back("postgresql_using=" + python_string(*ix.postgresql_using));
        if (!ix.postgresql_include.empty()) args.push_back("postgresql_include=" + string_list(ix.postgresql_include));
        out.constraints.push_back("sa.Index(" + join(args, ", ") + ")");
    }
    if (t.comment) out.kwargs.push_back("comment=" + python_string(*t.comment));
    for (const auto& [k, v] : t.dialect_options) {
        if (v == "True" || v == "False") out.kwargs.push_back(k + "=" + v);
        else out.kwargs.push_back(k + "=" + python_string(v));
    }
    return out;
}

bool uses_postgresql(const schema::TypeEngine& t) {
    return postgresql_class(t.kind) || (t.item_type && uses_postgresql(*t.item_type));
}

}  // namespace

std::string render_models(const dialect::ReflectedSchema& reflected, const RenderModelsOptions& options) {
    const auto& md = reflected.metadata;
    bool need_postgresql = false;
    for (const auto& t : md.tables)
        for (const auto& c : t->columns) need_postgresql = need_postgresql || uses_postgresql(c.type);

    std::string out;
    out += "# Reflected by `orm inspect --format models`";
    if (options.url) out += " from " + *options.url;
    out += ".\n";
    out += "import sqlalchemy as sa\n";
    if (need_postgresql) out += "from sqlalchemy.dialects import postgresql\n";
    // Names first: a relationship() names the class at the other end.
    std::set<std::string> class_names{"Base", "sa", "postgresql", "declarative_base", "relationship"};
    std::map<std::string, std::string> name_of;   // table fullname -> class or Table variable
    MappedClassNames mapped;
    std::vector<TableParts> all_parts;
    for (const auto& tp : md.tables) {
        const auto& t = *tp;
        all_parts.push_back(table_parts(t, dialect::get_dialect(reflected.dialect)));
        std::string name = t.primary_key.columns.empty() ? sanitize(t.name) + "_table" : class_name_for(t.name);
        while (class_names.count(name)) name += "_";
        class_names.insert(name);
        name_of[t.fullname()] = name;
        if (t.primary_key.columns.empty()) continue;
        mapped.class_of[t.fullname()] = name;
        mapped.attributes_of[t.fullname()].insert(all_parts.back().attributes.begin(), all_parts.back().attributes.end());
    }
    auto relationships = render_relationships(md, mapped);
    out += relationships.empty() ? "from sqlalchemy.orm import declarative_base\n\n"
                                 : "from sqlalchemy.orm import declarative_base, relationship\n\n";
    out += "Base = declarative_base()\n";

    // Enum types no column uses cannot be declared in a models file.
    std::set<std::string> used_enums;
    for (const auto& t : md.tables)
        for (const auto& c : t->columns) {
            const TypeEngine* ty = c.type.item_type ? c.type.item_type.get() : &c.type;
            if (ty->enum_spec && ty->enum_spec->name) used_enums.insert(*ty->enum_spec->name);
        }
    for (const auto& e : reflected.enums)
        if (e.name && !used_enums.count(*e.name))
            out += "# enum type " + *e.name + " (" + join(e.values, ", ") + ") is used by no table\n";

    for (size_t ti = 0; ti < md.tables.size(); ++ti) {
        const auto& t = *md.tables[ti];
        const auto& parts = all_parts[ti];
        out += "\n\n";
        if (t.primary_key.columns.empty()) {
            const std::string& var = name_of.at(t.fullname());
            out += var + " = sa.Table(\n    " + python_string(t.name) + ",\n    Base.metadata,\n";
            for (size_t i = 0; i < parts.columns.size(); ++i) {
                std::string col = parts.columns[i];
                // Table() columns always carry their name.
                if (parts.attributes[i] == t.columns[i].name)
                    col = "sa.Column(" + python_string(t.columns[i].name) + ", " + col.substr(10);
                out += "    " + col + ",\n";
            }
            for (const auto& c : parts.constraints) out += "    " + c + ",\n";
            for (const auto& k : parts.kwargs) out += "    " + k + ",\n";
            if (t.schema) out += "    schema=" + python_string(*t.schema) + ",\n";
            out += ")\n";
            continue;
        }
        out += "class " + name_of.at(t.fullname()) + "(Base):\n";
        out += "    __tablename__ = " + python_string(t.name) + "\n";
        std::vector<std::string> dict;
        for (const auto& k : parts.kwargs) {
            auto eq = k.find('=');
            dict.push_back(python_string(k.substr(0, eq)) + ": " + k.substr(eq + 1));
        }
        if (t.schema) dict.push_back("\"schema\": " + python_string(*t.schema));
        if (!parts.constraints.empty()) {
            out += "    __table_args__ = (\n";
            for (const auto& c : parts.constraints) out += "        " + c + ",\n";
            if (!dict.empty()) out += "        {" + join(dict, ", ") + "},\n";
            out += "    )\n";
        } else if (!dict.empty()) {
            out += "    __table_args__ = {" + join(dict, ", ") + "}\n";
        }
        out += "\n";
        for (size_t i = 0; i < parts.columns.size(); ++i)
            out += "    " + parts.attributes[i] + " = " + parts.columns[i] + "\n";
        if (auto r = relationships.find(t.fullname()); r != relationships.end()) {
            out += "\n";
            for (const auto& line : r->second) out += "    " + line + "\n";
        }
    }
    return out;
}

}  // namespace orm::migrate
