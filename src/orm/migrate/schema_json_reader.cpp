#include "orm/migrate/schema_json_reader.hpp"

#include "orm/dialect/dialect.hpp"

#include <algorithm>
#include <cctype>
#include <climits>
#include <set>

#include "orm/core/error.hpp"
#include "orm/migrate/schema_json.hpp"
#include "orm/python/interpreter.hpp"
#include "orm/core/json_document.hpp"

namespace orm::migrate {

namespace {

namespace k = metadata_keys;
using schema::Clause;
using schema::ClauseKind;
using schema::TypeKind;
using json::Node;

// Constraints without a "position" (documents older than the key) follow
// the positioned ones, in the order foreign keys, unique, check.
constexpr int kUnpositioned = 1 << 20;

std::string child(const std::string& pointer, const std::string& key) {
    return pointer + "/" + json::pointer_token(key);
}
std::string child(const std::string& pointer, size_t index) { return pointer + "/" + std::to_string(index); }

bool is_enum_kind(TypeKind kind) { return kind == TypeKind::Enum || kind == TypeKind::PG_ENUM; }
bool is_array_kind(TypeKind kind) { return kind == TypeKind::ARRAY || kind == TypeKind::PG_ARRAY; }

class DocumentReader {
public:
    explicit DocumentReader(const json::Document& doc) : doc_(doc) { index_positions(); }

    MetadataDocument read();

private:
    // -- errors and positions
    [[noreturn]] void fail(const Node& at, const std::string& pointer, const std::string& message) const {
        const std::string text = (pointer.empty() ? std::string("the document") : pointer) + ": " + message;
        const SourceLocation loc = location(at);
        // A minified document is one long line: quoting it would drown the message.
        if (doc_.source->line_text(loc.line).size() > 400)
            throw InputError(text, format_position(*doc_.source, loc));
        throw InputError(text, doc_.source, loc);
    }
    [[noreturn]] void fail_no_column(const Node& at, const std::string& pointer, const schema::Table& table,
                                     const std::string& name) const {
        fail(at, pointer, "table '" + table.name + "' has no column '" + name + "'");
    }
    // Every object's position is kept, so finding one must not scan the
    // document from its start: a position every kPositionStride bytes is
    // recorded once, and a lookup counts on from the one before it.
    static constexpr size_t kPositionStride = 1024;
    void index_positions() {
        std::string_view text = doc_.source->text();
        SourceLocation at;
        at.line = at.column = 1;
        for (size_t i = 0; i < text.size(); ++i) {
            if (i % kPositionStride == 0) positions_.push_back(at);
            advance(at, text[i]);
        }
        if (positions_.empty()) positions_.push_back(at);
    }
    static void advance(SourceLocation& at, char c) {
        if (c == '\n') {
            ++at.line;
            at.column = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++at.column;   // columns count characters, not UTF-8 continuation bytes
        }
    }
    SourceLocation location(const Node& n) const {
        std::string_view text = doc_.source->text();
        const size_t offset = std::min(n.offset, text.size());
        const size_t slot = std::min(offset / kPositionStride, positions_.size() - 1);
        SourceLocation loc = positions_[slot];
        for (size_t i = slot * kPositionStride; i < offset; ++i) advance(loc, text[i]);
        loc.file = doc_.source.get();
        return loc;
    }

    // -- values of the expected shapes
    void expect(const Node& n, const std::string& pointer, Node::Kind kind, const char* what) const {
        if (n.kind != kind) fail(n, pointer, std::string("expected ") + what + ", found " + n.type_name());
    }
    const Node& required(const Node& obj, const std::string& pointer, const char* key) const {
        const Node* n = obj.member(key);
        if (!n) fail(obj, pointer, std::string("missing \"") + key + "\"");
        return *n;
    }
    std::string string_of(const Node& obj, const std::string& pointer, const char* key) const {
        const Node& n = required(obj, pointer, key);
        expect(n, child(pointer, key), Node::Kind::string, "a string");
        return n.text;
    }
    // Absent or null: nullopt.
    std::optional<std::string> opt_string(const Node& obj, const std::string& pointer, const char* key) const {
        const Node* n = obj.member(key);
        if (!n || n->kind == Node::Kind::null) return std::nullopt;
        expect(*n, child(pointer, key), Node::Kind::string, "a string or null");
        return n->text;
    }
    bool bool_of(const Node& obj, const std::string& pointer, const char* key, bool absent) const {
        const Node* n = obj.member(key);
        if (!n) return absent;
        expect(*n, child(pointer, key), Node::Kind::boolean, "true or false");
        return n->boolean;
    }
    std::optional<int> opt_int(const Node& obj, const std::string& pointer, const char* key, int min = 0) const {
        const Node* n = obj.member(key);
        if (!n || n->kind == Node::Kind::null) return std::nullopt;
        bool ok = n->is_integer() && n->text.size() < 10;
        int value = ok ? std::stoi(n->text) : 0;
        if (!ok || value < min)
            fail(*n, child(pointer, key), "expected an integer of at least " + std::to_string(min) + ", found " +
                                              n->type_name());
        return value;
    }
    // Absent or null: empty.
    const std::vector<Node>& array_of(const Node& obj, const std::string& pointer, const char* key) const {
        static const std::vector<Node> none;
        const Node* n = obj.member(key);
        if (!n || n->kind == Node::Kind::null) return none;
        expect(*n, child(pointer, key), Node::Kind::array, "an array");
        return n->items;
    }
    std::vector<std::string> strings_of(const Node& obj, const std::string& pointer, const char* key) const {
        std::vector<std::string> out;
        const auto& items = array_of(obj, pointer, key);
        for (size_t i = 0; i < items.size(); ++i) {
            expect(items[i], child(child(pointer, key), i), Node::Kind::string, "a string");
            out.push_back(items[i].text);
        }
        return out;
    }
    // Each object of the array `key`, with its pointer.
    template <typename F>
    void each_object(const Node& obj, const std::string& pointer, const char* key, F&& f) const {
        const auto& items = array_of(obj, pointer, key);
        for (size_t i = 0; i < items.size(); ++i) {
            std::string p = child(child(pointer, key), i);
            expect(items[i], p, Node::Kind::object, "an object");
            f(items[i], p);
        }
    }
    // Names of columns of `table`, each checked to exist.
    std::vector<std::string> column_names(const Node& obj, const std::string& pointer, const char* key,
                                          const schema::Table& table) const {
        auto names = strings_of(obj, pointer, key);
        for (size_t i = 0; i < names.size(); ++i)
            if (!table.column(names[i]))
                fail_no_column(obj.member(key)->items[i], child(child(pointer, key), i), table, names[i]);
        return names;
    }
    int creation_order(const Node& obj, const std::string& pointer) {
        auto position = opt_int(obj, pointer, k::position, INT_MIN);
        return position ? *position : kUnpositioned + unpositioned_++;
    }

    // -- the document's parts
    schema::TypeEngine read_type(const Node& n, const std::string& pointer) const;
    TypeKind read_type_class(const Node& n, const std::string& pointer) const;
    schema::EnumSpec read_enum(const Node& n, const std::string& pointer, bool in_type) const;
    schema::Table read_table(const Node& n, const std::string& pointer);
    void read_columns(const Node& n, const std::string& pointer, schema::Table& table) const;
    schema::Autoincrement read_autoincrement(const Node& n, const std::string& pointer) const;
    void read_primary_key(const Node& n, const std::string& pointer, schema::Table& table) const;
    void read_constraints(const Node& n, const std::string& pointer, schema::Table& table);
    void read_foreign_key(const Node& n, const std::string& pointer, schema::Table& table);
    void read_indexes(const Node& n, const std::string& pointer, schema::Table& table) const;
    void read_options(const Node& n, const std::string& pointer, schema::Table& table) const;

    const json::Document& doc_;
    std::vector<SourceLocation> positions_;   // of the bytes at multiples of kPositionStride
    std::string dialect_;
    std::vector<schema::EnumSpec> enums_;
    int unpositioned_ = 0;
};

MetadataDocument DocumentReader::read() {
    const Node& root = doc_.root;
    expect(root, "", Node::Kind::object, "an object");
    if (auto format = opt_string(root, "", k::format); format && *format != kMetadataFormat)
        fail(*root.member(k::format), child("", k::format),
             "unsupported format '" + *format + "' (orm reads " + kMetadataFormat + ")");
    if (auto dialect = opt_string(root, "", k::dialect)) {
        if (!dialect::find_dialect(*dialect))
            fail(*root.member(k::dialect), child("", k::dialect),
                 "unknown dialect '" + *dialect + "' (expected one of " + dialect::dialect_names() + ")");
        dialect_ = *dialect;
    }
    MetadataDocument out;
    out.dialect = dialect_;
    out.metadata.source = doc_.source;
    out.metadata.schema = opt_string(root, "", k::schema);
    // The enum types first: a column's enum may name one without repeating its values.
    each_object(root, "", k::enums,
                [&](const Node& e, const std::string& p) { enums_.push_back(read_enum(e, p, false)); });
    out.enums = enums_;
    required(root, "", k::tables);
    each_object(root, "", k::tables,
                [&](const Node& t, const std::string& p) { out.metadata.add_table(read_table(t, p)); });
    return out;
}

// ---------------------------------------------------------------------------
// types

TypeKind DocumentReader::read_type_class(const Node& n, const std::string& pointer) const {
    const std::string cls = string_of(n, pointer, k::class_);
    const auto dialect = opt_string(n, pointer, k::dialect);
    if (dialect && *dialect != "postgresql")
        fail(*n.member(k::dialect), child(pointer, k::dialect),
             "unknown type dialect '" + *dialect + "' (expected \"postgresql\" or null)");
    auto kind = schema::type_kind_from_name(cls, dialect.has_value());
    // A PostgreSQL class without the "dialect" key (JSONB, INET): its name says so.
    if (!kind && !dialect) kind = schema::type_kind_from_name(cls, true);
    if (!kind) {
        std::vector<std::string> known = schema::type_names(true);
        for (auto& name : schema::type_names(false)) known.push_back(name);
        std::string hint = python::suggest_name(cls, known);
        fail(*n.member(k::class_), child(pointer, k::class_),
             "unknown type class '" + cls + "'" + (hint.empty() ? "" : ". Did you mean '" + hint + "'?"));
    }
    return *kind;
}

schema::TypeEngine DocumentReader::read_type(const Node& n, const std::string& pointer) const {
    expect(n, pointer, Node::Kind::object, "a type object");
    schema::TypeEngine t;
    t.kind = read_type_class(n, pointer);
    t.length = opt_int(n, pointer, k::length);
    t.precision = opt_int(n, pointer, k::precision);
    t.scale = opt_int(n, pointer, k::scale, INT_MIN);
    t.timezone = bool_of(n, pointer, k::timezone, false);
    t.collation = opt_string(n, pointer, k::collation);
    t.fields = opt_string(n, pointer, k::fields);
    t.dimensions = opt_int(n, pointer, k::dimensions, 1);
    const Node* item = n.member(k::item_type);
    if (item && item->kind == Node::Kind::null) item = nullptr;
    if (is_array_kind(t.kind) != (item != nullptr)) {
        if (item) fail(*item, child(pointer, k::item_type), "only ARRAY types take \"item_type\"");
        fail(n, pointer, "an ARRAY type needs \"item_type\"");
    }
    if (item) t.item_type = std::make_shared<schema::TypeEngine>(read_type(*item, child(pointer, k::item_type)));
    const Node* spec = n.member(k::enum_);
    if (spec && spec->kind == Node::Kind::null) spec = nullptr;
    if (is_enum_kind(t.kind) != (spec != nullptr)) {
        if (spec) fail(*spec, child(pointer, k::enum_), "only Enum and ENUM types take \"enum\"");
        fail(n, pointer, "an Enum type needs \"enum\"");
    }
    if (spec) t.enum_spec = read_enum(*spec, child(pointer, k::enum_), true);
    return t;
}

schema::EnumSpec DocumentReader::read_enum(const Node& n, const std::string& pointer, bool in_type) const {
    expect(n, pointer, Node::Kind::object, "an enum object");
    schema::EnumSpec spec;
    spec.name = opt_string(n, pointer, k::name);
    spec.schema = opt_string(n, pointer, k::schema);
    if (!in_type) required(n, pointer, k::values);
    if (n.member(k::values)) {
        spec.values = strings_of(n, pointer, k::values);
    } else {
        // A column's enum may leave its values to the top-level "enums".
        auto known = std::find_if(enums_.begin(), enums_.end(), [&](const schema::EnumSpec& e) {
            return e.name && e.name == spec.name && e.schema == spec.schema;
        });
        if (known == enums_.end()) fail(n, pointer, "missing \"values\" (and no enum of that name in \"/enums\")");
        spec.values = known->values;
    }
    if (in_type) {
        spec.native_enum = bool_of(n, pointer, k::native_enum, true);
        spec.length = opt_int(n, pointer, k::length);
    }
    return spec;
}

// ---------------------------------------------------------------------------
// tables

schema::Table DocumentReader::read_table(const Node& n, const std::string& pointer) {
    schema::Table table;
    table.name = string_of(n, pointer, k::name);
    table.schema = opt_string(n, pointer, k::schema);
    table.comment = opt_string(n, pointer, k::comment);
    table.loc = location(n);
    read_columns(n, pointer, table);
    read_primary_key(n, pointer, table);
    read_constraints(n, pointer, table);
    read_indexes(n, pointer, table);
    read_options(n, pointer, table);
    return table;
}

void DocumentReader::read_columns(const Node& n, const std::string& pointer, schema::Table& table) const {
    required(n, pointer, k::columns);
    each_object(n, pointer, k::columns, [&](const Node& c, const std::string& p) {
        schema::Column col;
        col.name = string_of(c, p, k::name);
        if (table.column(col.name))
            fail(*c.member(k::name), child(p, k::name),
                 "table '" + table.name + "' has two columns named '" + col.name + "'");
        col.key = col.name;
        col.loc = location(c);
        col.type = read_type(required(c, p, k::type), child(p, k::type));
        col.nullable = bool_of(c, p, k::nullable, true);
        if (auto d = opt_string(c, p, k::default_))
            col.server_default = Clause::make(
                ClauseKind::Text, dialect_.empty() ? *d : dialect::get_dialect(dialect_).default_text_after_default(*d));
        if (const Node* a = c.member(k::autoincrement))
            col.autoincrement = read_autoincrement(*a, child(p, k::autoincrement));
        col.comment = opt_string(c, p, k::comment);
        if (auto identity = opt_string(c, p, k::identity)) {
            if (*identity != "always" && *identity != "by default")
                fail(*c.member(k::identity), child(p, k::identity), "expected \"always\" or \"by default\"");
            col.info[k::identity] = *identity;   // as reflection keeps it
            col.identity.emplace();
            col.identity->always = *identity == "always";
        }
        if (const Node* g = c.member(k::computed)) {
            const std::string gp = child(p, k::computed);
            schema::Computed computed;
            computed.sqltext = Clause::make(ClauseKind::Text, opt_string(*g, gp, k::sqltext).value_or(""));
            if (computed.sqltext->text.empty()) fail(*g, gp, "a computed column needs its \"sqltext\"");
            if (const Node* persisted = g->member(k::persisted); persisted && persisted->kind != Node::Kind::null)
                computed.persisted = bool_of(*g, gp, k::persisted, true);
            computed.loc = location(*g);
            col.computed = computed;
        }
        table.columns.push_back(std::move(col));
    });
}

schema::Autoincrement DocumentReader::read_autoincrement(const Node& n, const std::string& pointer) const {
    using schema::Autoincrement;
    if (n.kind == Node::Kind::boolean) return n.boolean ? Autoincrement::True : Autoincrement::False;
    if (n.kind == Node::Kind::string && n.text == "auto") return Autoincrement::Auto;
    if (n.kind == Node::Kind::string && n.text == "ignore_fk") return Autoincrement::IgnoreFk;
    fail(n, pointer, "expected \"auto\", \"ignore_fk\", true or false, found " + n.type_name());
}

void DocumentReader::read_primary_key(const Node& n, const std::string& pointer, schema::Table& table) const {
    const Node* pk = n.member(k::primary_key);
    if (!pk || pk->kind == Node::Kind::null) return;
    const std::string p = child(pointer, k::primary_key);
    expect(*pk, p, Node::Kind::object, "an object");
    table.primary_key.name = opt_string(*pk, p, k::name);
    table.primary_key.columns = column_names(*pk, p, k::columns, table);
    // The columns are in key order, as CREATE TABLE lists them: never reordered.
    table.primary_key.implicit_generated = false;
    table.primary_key.loc = location(*pk);
    for (const auto& name : table.primary_key.columns) table.column(name)->primary_key = true;
}

void DocumentReader::read_foreign_key(const Node& f, const std::string& p, schema::Table& table) {
    schema::ForeignKeyConstraint fk;
    fk.name = opt_string(f, p, k::name);
    fk.loc = location(f);
    fk.columns = column_names(f, p, k::columns, table);
    fk.referred_schema = opt_string(f, p, k::referred_schema);
    fk.referred_table = string_of(f, p, k::referred_table);
    required(f, p, k::referred_columns);
    fk.referred_columns = strings_of(f, p, k::referred_columns);
    if (fk.columns.empty() || fk.columns.size() != fk.referred_columns.size())
        fail(f, p, "\"columns\" and \"referred_columns\" must name as many columns, at least one");
    fk.ondelete = opt_string(f, p, k::ondelete);
    fk.onupdate = opt_string(f, p, k::onupdate);
    fk.match = opt_string(f, p, k::match);
    if (const Node* d = f.member(k::deferrable); d && d->kind != Node::Kind::null) {
        std::string text = d->kind == Node::Kind::string ? d->text : "";
        std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
        if (d->kind == Node::Kind::boolean) text = d->boolean ? "DEFERRABLE" : "NOT DEFERRABLE";
        if (text != "DEFERRABLE" && text != "NOT DEFERRABLE")
            fail(*d, child(p, k::deferrable), "expected \"DEFERRABLE\", \"NOT DEFERRABLE\", a boolean or null");
        fk.deferrable = text;
    }
    fk.initially = opt_string(f, p, k::initially);
    fk.use_alter = bool_of(f, p, k::use_alter, false);
    fk.creation_order = creation_order(f, p);
    table.foreign_keys.push_back(std::move(fk));
}

void DocumentReader::read_constraints(const Node& n, const std::string& pointer, schema::Table& table) {
    each_object(n, pointer, k::foreign_keys,
                [&](const Node& f, const std::string& p) { read_foreign_key(f, p, table); });
    each_object(n, pointer, k::unique_constraints, [&](const Node& u, const std::string& p) {
        schema::UniqueConstraint uq;
        uq.name = opt_string(u, p, k::name);
        uq.loc = location(u);
        required(u, p, k::columns);
        uq.columns = column_names(u, p, k::columns, table);
        uq.creation_order = creation_order(u, p);
        table.unique_constraints.push_back(std::move(uq));
    });
    each_object(n, pointer, k::check_constraints, [&](const Node& c, const std::string& p) {
        schema::CheckConstraint ck;
        ck.name = opt_string(c, p, k::name);
        ck.loc = location(c);
        ck.sqltext = Clause::make(ClauseKind::Text, string_of(c, p, k::sqltext));
        ck.column = opt_string(c, p, k::column);
        if (ck.column && !table.column(*ck.column))
            fail_no_column(*c.member(k::column), child(p, k::column), table, *ck.column);
        ck.creation_order = creation_order(c, p);
        table.check_constraints.push_back(std::move(ck));
    });
}

void DocumentReader::read_indexes(const Node& n, const std::string& pointer, schema::Table& table) const {
    each_object(n, pointer, k::indexes, [&](const Node& i, const std::string& p) {
        schema::Index ix;
        ix.name = opt_string(i, p, k::name);
        ix.loc = location(i);
        ix.unique = bool_of(i, p, k::unique, false);
        required(i, p, k::expressions);
        each_object(i, p, k::expressions, [&](const Node& e, const std::string& ep) {
            schema::ClausePtr expr;
            if (e.member(k::column)) {
                std::string name = string_of(e, ep, k::column);
                if (!table.column(name))
                    fail_no_column(*e.member(k::column), child(ep, k::column), table, name);
                expr = Clause::make(ClauseKind::Column, name);
            } else if (e.member(k::expression)) {
                expr = Clause::make(ClauseKind::Text, string_of(e, ep, k::expression));
            } else {
                fail(e, ep, "expected \"column\" or \"expression\"");
            }
            if (bool_of(e, ep, k::desc, false)) expr = Clause::make(ClauseKind::Desc, "", {expr});
            ix.expressions.push_back(std::move(expr));
        });
        if (ix.expressions.empty())
            fail(*i.member(k::expressions), child(p, k::expressions), "an index needs an expression");
        // The predicate is in the document's dialect; a document that does not say gives it to both.
        if (auto where = opt_string(i, p, k::where)) {
            auto clause = Clause::make(ClauseKind::Text, *where);
            if (dialect_.empty()) ix.postgresql_where = ix.sqlite_where = clause;
            else dialect::get_dialect(dialect_).set_index_where(ix, clause);
        }
        ix.postgresql_using = opt_string(i, p, k::using_);
        ix.postgresql_include = column_names(i, p, k::include, table);
        ix.creation_order = static_cast<int>(table.indexes.size());
        table.indexes.push_back(std::move(ix));
    });
}

void DocumentReader::read_options(const Node& n, const std::string& pointer, schema::Table& table) const {
    const Node* options = n.member(k::options);
    if (!options || options->kind == Node::Kind::null) return;
    const std::string p = child(pointer, k::options);
    expect(*options, p, Node::Kind::object, "an object");
    for (const auto& [key, value] : options->members) {
        // Kept as SQLAlchemy's str() of the value: "True", "False", digits.
        switch (value.kind) {
        case Node::Kind::string: case Node::Kind::number: table.dialect_options[key] = value.text; break;
        case Node::Kind::boolean: table.dialect_options[key] = value.boolean ? "True" : "False"; break;
        default: fail(value, child(p, key), "expected a string, a number or a boolean, found " + value.type_name());
        }
    }
}

}  // namespace

MetadataDocument read_metadata_json(std::shared_ptr<const SourceFile> source) {
    json::Document doc = json::parse_document(std::move(source));
    return DocumentReader(doc).read();
}

bool is_metadata_json_path(const std::string& path) {
    if (path.size() < 5) return false;
    std::string ext = path.substr(path.size() - 5);
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".json";
}

JsonModels load_models_json(const std::string& path) {
    auto source = SourceFile::load(path);
    MetadataDocument doc = read_metadata_json(source);
    if (doc.metadata.tables.empty())
        throw InputError("no tables in the metadata JSON (\"tables\" is empty)", source, SourceLocation{});
    JsonModels out;
    out.models.metadata = std::move(doc.metadata);
    out.models.source = source;
    out.dialect = std::move(doc.dialect);
    return out;
}

}  // namespace orm::migrate
