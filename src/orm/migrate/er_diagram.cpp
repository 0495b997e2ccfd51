#include "orm/migrate/er_diagram.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>

namespace orm::migrate {

namespace {

using schema::Column;
using schema::ForeignKeyConstraint;
using schema::MetaData;
using schema::Table;
using schema::TypeEngine;

// --- what the diagram shows, whatever the notation ----------------------------

struct ColumnMarks {
    bool primary_key = false;
    bool foreign_key = false;
    bool unique = false;     // unique alone (a composite unique constraint does not make a column unique)
    bool not_null = false;
};

// A foreign key drawn as an edge from its parent table to its child table.
struct Edge {
    const Table* parent;
    const Table* child;
    const ForeignKeyConstraint* key;
    bool parent_optional;   // a key column is nullable: the child may have no parent
    bool one_to_one;        // the key columns are unique in the child
};

// An association table drawn as one many-to-many edge.
struct ManyToMany {
    const Table* left;
    const Table* right;
    const Table* through;
};

struct Diagram {
    std::vector<const Table*> tables;
    std::vector<Edge> edges;
    std::vector<ManyToMany> many_to_many;
};

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

// True when `columns` (as a set) are unique in `table`: its primary key,
// a unique constraint or a unique index on exactly those columns, or one
// column declared unique=True.
bool unique_columns(const Table& table, const std::vector<std::string>& columns) {
    auto key = sorted(columns);
    if (!table.primary_key.columns.empty() && sorted(table.primary_key.columns) == key) return true;
    for (const auto& uc : table.unique_constraints)
        if (sorted(uc.columns) == key) return true;
    for (const auto& index : table.indexes) {
        if (!index.unique || index.postgresql_where || index.sqlite_where) continue;
        std::vector<std::string> names;
        for (const auto& e : index.expressions)
            if (e && e->kind == schema::ClauseKind::Column) names.push_back(e->text);
        if (names.size() == index.expressions.size() && sorted(names) == key) return true;
    }
    if (columns.size() == 1)
        if (const Column* c = table.column(columns[0]); c && c->unique.value_or(false)) return true;
    return false;
}

ColumnMarks marks(const Table& table, const Column& column) {
    ColumnMarks m;
    const auto& pk = table.primary_key.columns;
    m.primary_key = column.primary_key || std::find(pk.begin(), pk.end(), column.name) != pk.end();
    for (const auto& fk : table.foreign_keys)
        if (std::find(fk.columns.begin(), fk.columns.end(), column.name) != fk.columns.end()) m.foreign_key = true;
    m.unique = !(m.primary_key && pk.size() == 1) && unique_columns(table, {column.name});
    m.not_null = !column.nullable;
    return m;
}

const Table* referred_table(const MetaData& md, const ForeignKeyConstraint& fk) {
    return md.table(fk.referred_schema ? *fk.referred_schema + "." + fk.referred_table : fk.referred_table);
}

// SQLAlchemy's secondary= tables: two foreign keys, no column outside them.
bool is_association(const MetaData& md, const Table& table) {
    if (table.foreign_keys.size() != 2) return false;
    for (const auto& fk : table.foreign_keys)
        if (!referred_table(md, fk)) return false;
    for (const auto& c : table.columns) {
        bool in_key = false;
        for (const auto& fk : table.foreign_keys)
            in_key = in_key || std::find(fk.columns.begin(), fk.columns.end(), c.name) != fk.columns.end();
        if (!in_key) return false;
    }
    return true;
}

Diagram analyse(const MetaData& md, bool collapse_associations) {
    Diagram d;
    for (const auto& t : md.tables) {
        if (collapse_associations && is_association(md, *t)) {
            d.many_to_many.push_back({referred_table(md, t->foreign_keys[0]), referred_table(md, t->foreign_keys[1]), t.get()});
            continue;
        }
        d.tables.push_back(t.get());
        for (const auto& fk : t->foreign_keys) {
            const Table* parent = referred_table(md, fk);
            if (!parent) continue;   // a table outside the diagram (inspect --tables)
            bool optional = false;
            for (const auto& name : fk.columns)
                if (const Column* c = t->column(name); c && c->nullable) optional = true;
            d.edges.push_back({parent, t.get(), &fk, optional, unique_columns(*t, fk.columns)});
        }
    }
    return d;
}

// The type as the schema spells it: String(100), Numeric(10, 2), VARCHAR(50),
// DateTime(timezone=True), Enum(status), ARRAY(Integer).
std::string type_label(const TypeEngine& t) {
    std::string name = t.class_name();
    if (t.enum_spec) return t.enum_spec->name ? name + "(" + *t.enum_spec->name + ")" : name;
    if (t.item_type) return name + "(" + type_label(*t.item_type) + ")";
    std::vector<std::string> args;
    if (t.length) args.push_back(std::to_string(*t.length));
    if (t.precision) args.push_back(std::to_string(*t.precision));
    if (t.scale) args.push_back(std::to_string(*t.scale));
    if (t.timezone) args.push_back("timezone=True");
    if (args.empty()) return name;
    std::string out = name + "(";
    for (size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
    return out + ")";
}

std::string join(const std::vector<std::string>& parts, const std::string& separator) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
    return out;
}

std::vector<std::string> mark_names(const ColumnMarks& m) {
    std::vector<std::string> out;
    if (m.primary_key) out.push_back("PK");
    if (m.foreign_key) out.push_back("FK");
    if (m.unique) out.push_back("UK");
    return out;
}

// --- Mermaid -------------------------------------------------------------------

// Mermaid's entity and attribute names: letters, digits, _ and -; its
// attribute types may hold parentheses and brackets too.
std::string mermaid_word(const std::string& text, const char* also_allowed = "") {
    std::string out;
    for (char c : text) {
        bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || (c && std::strchr(also_allowed, c));
        out += ok ? c : '_';
    }
    return out;
}

std::string mermaid(const Diagram& d) {
    std::ostringstream out;
    out << "erDiagram\n";
    for (const Table* t : d.tables) {
        out << "    " << mermaid_word(t->fullname()) << " {\n";
        for (const auto& c : t->columns) {
            auto m = marks(*t, c);
            // A type word may hold one argument (String(100)); Numeric(10, 2)
            // and the like go whole into the comment, which takes any text.
            std::string label = type_label(c.type);
            bool fits = label.find_first_of(", =") == std::string::npos;
            std::vector<std::string> comment;
            if (!fits) comment.push_back(label);
            if (m.not_null && !m.primary_key) comment.push_back("NOT NULL");
            out << "        " << mermaid_word(fits ? label : c.type.class_name(), "()[]") << " " << mermaid_word(c.name);
            if (auto keys = mark_names(m); !keys.empty()) out << " " << join(keys, ", ");
            if (!comment.empty()) out << " \"" << join(comment, ", ") << "\"";
            out << "\n";
        }
        out << "    }\n";
    }
    for (const auto& e : d.edges)
        out << "    " << mermaid_word(e.parent->fullname()) << " " << (e.parent_optional ? "|o" : "||") << "--"
            << (e.one_to_one ? "o|" : "o{") << " " << mermaid_word(e.child->fullname()) << " : \""
            << join(e.key->columns, ", ") << "\"\n";
    for (const auto& m : d.many_to_many)
        out << "    " << mermaid_word(m.left->fullname()) << " }o--o{ " << mermaid_word(m.right->fullname()) << " : \""
            << m.through->fullname() << "\"\n";
    return out.str();
}

// --- Graphviz DOT --------------------------------------------------------------

std::string html(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
    return out;
}

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) out += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
    return out + "\"";
}

void dot_table(std::ostream& out, const Table& t) {
    out << "    " << quoted(t.fullname()) << " [label=<\n"
        << "      <TABLE BORDER=\"0\" CELLBORDER=\"1\" CELLSPACING=\"0\" CELLPADDING=\"4\">\n"
        << "        <TR><TD COLSPAN=\"3\" BGCOLOR=\"#dde4ee\"><B>" << html(t.fullname()) << "</B></TD></TR>\n";
    for (const auto& c : t.columns) {
        auto m = marks(t, c);
        auto keys = mark_names(m);
        if (m.not_null && !m.primary_key) keys.push_back("NOT NULL");
        std::string name = m.primary_key ? "<U>" + html(c.name) + "</U>" : html(c.name);
        out << "        <TR><TD PORT=" << quoted(c.name) << " ALIGN=\"LEFT\">" << name << "</TD><TD ALIGN=\"LEFT\">"
            << html(type_label(c.type)) << "</TD><TD ALIGN=\"LEFT\">" << html(join(keys, ", ")) << "</TD></TR>\n";
    }
    out << "      </TABLE>>];\n";
}

std::string dot(const Diagram& d) {
    std::ostringstream out;
    out << "digraph schema {\n"
        << "    graph [rankdir=LR, fontname=\"Helvetica\", nodesep=0.4, ranksep=1.2];\n"
        << "    node [shape=plain, fontname=\"Helvetica\", fontsize=10];\n"
        << "    edge [fontname=\"Helvetica\", fontsize=9, dir=both, color=\"#555555\"];\n";
    for (const Table* t : d.tables) dot_table(out, *t);
    // Crow's feet: the tail end sits at the parent, the head at the child.
    for (const auto& e : d.edges) {
        const auto& fk = *e.key;
        std::string parent_port = fk.referred_columns.empty() ? "" : ":" + quoted(fk.referred_columns[0]);
        out << "    " << quoted(e.parent->fullname()) << parent_port << " -> " << quoted(e.child->fullname()) << ":"
            << quoted(fk.columns[0]) << " [arrowtail=" << (e.parent_optional ? "teeodot" : "teetee")
            << ", arrowhead=" << (e.one_to_one ? "teeodot" : "crowodot") << ", label=" << quoted(join(fk.columns, ", "))
            << "];\n";
    }
    for (const auto& m : d.many_to_many)
        out << "    " << quoted(m.left->fullname()) << " -> " << quoted(m.right->fullname())
            << " [arrowtail=crowodot, arrowhead=crowodot, style=dashed, label=" << quoted(m.through->fullname())
            << "];\n";
    out << "}\n";
    return out.str();
}

// --- DBML ----------------------------------------------------------------------

// A name or type as DBML reads it: bare when it is a plain word, else quoted.
std::string dbml_word(const std::string& text) {
    bool plain = !text.empty();
    for (char c : text) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '(' || c == ')');
    return plain ? text : quoted(text);
}

std::string dbml_columns(const std::vector<std::string>& columns) {
    if (columns.size() == 1) return dbml_word(columns[0]);
    std::vector<std::string> words;
    for (const auto& c : columns) words.push_back(dbml_word(c));
    return "(" + join(words, ", ") + ")";
}

void dbml_table(std::ostream& out, const Table& t) {
    bool composite_pk = t.primary_key.columns.size() > 1;
    out << "Table " << dbml_word(t.fullname()) << " {\n";
    for (const auto& c : t.columns) {
        auto m = marks(t, c);
        std::vector<std::string> settings;
        if (m.primary_key && !composite_pk) settings.push_back("pk");
        if (m.not_null && !(m.primary_key && !composite_pk)) settings.push_back("not null");
        if (m.unique) settings.push_back("unique");
        out << "  " << dbml_word(c.name) << " " << dbml_word(type_label(c.type));
        if (!settings.empty()) out << " [" << join(settings, ", ") << "]";
        out << "\n";
    }
    std::vector<std::string> indexes;
    if (composite_pk) indexes.push_back(dbml_columns(t.primary_key.columns) + " [pk]");
    for (const auto& uc : t.unique_constraints)
        if (uc.columns.size() > 1) indexes.push_back(dbml_columns(uc.columns) + " [unique]");
    if (!indexes.empty()) {
        out << "\n  indexes {\n";
        for (const auto& i : indexes) out << "    " << i << "\n";
        out << "  }\n";
    }
    out << "}\n\n";
}

std::string dbml(const Diagram& d) {
    std::ostringstream out;
    for (const Table* t : d.tables) dbml_table(out, *t);
    for (const auto& e : d.edges) {
        const auto& fk = *e.key;
        out << "Ref: " << dbml_word(e.child->fullname()) << "." << dbml_columns(fk.columns) << (e.one_to_one ? " - " : " > ")
            << dbml_word(e.parent->fullname()) << "." << dbml_columns(fk.referred_columns);
        std::vector<std::string> actions;
        auto lower = [](std::string s) {
            for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return s;
        };
        if (fk.ondelete) actions.push_back("delete: " + lower(*fk.ondelete));
        if (fk.onupdate) actions.push_back("update: " + lower(*fk.onupdate));
        if (!actions.empty()) out << " [" << join(actions, ", ") << "]";
        out << "\n";
    }
    return out.str();
}

}  // namespace

std::optional<DiagramFormat> diagram_format(const std::string& name) {
    if (name == "mermaid") return DiagramFormat::mermaid;
    if (name == "dot") return DiagramFormat::dot;
    if (name == "dbml") return DiagramFormat::dbml;
    return std::nullopt;
}

std::string render_diagram(const MetaData& metadata, DiagramFormat format) {
    switch (format) {
        case DiagramFormat::mermaid: return mermaid(analyse(metadata, true));
        case DiagramFormat::dot: return dot(analyse(metadata, true));
        case DiagramFormat::dbml: return dbml(analyse(metadata, false));
    }
    return "";
}

}  // namespace orm::migrate
