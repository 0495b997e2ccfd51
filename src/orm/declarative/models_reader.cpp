// The module level of a models file: imports, assignments, class
// statements and the statements that are passed over, then the checks that
// need the whole file (foreign-key targets) and naming conventions.
#include "orm/declarative/models_reader.hpp"

#include "orm/core/error.hpp"
#include "orm/declarative/constructors.hpp"
#include "orm/declarative/reader.hpp"
#include "orm/python/parser.hpp"
#include "orm/schema/naming.hpp"

namespace orm::declarative {

using namespace python;
using K = Value::Kind;

// ------------------------------------------------------------------ Reader

void Reader::fail(const std::string& message, const SourceLocation& loc) const {
    throw InputError(message, source, loc);
}

int Reader::new_metadata(SourceLocation loc) {
    MetaDataInstance md;
    md.loc = loc;
    metadatas.push_back(md);
    return static_cast<int>(metadatas.size()) - 1;
}

void Reader::claim_metadata(int instance, const SourceLocation& loc) {
    if (owning_metadata < 0) {
        owning_metadata = instance;
        return;
    }
    if (owning_metadata != instance)
        fail("orm reads one MetaData per models file, and this table belongs to a second one (the first was created at line " +
             std::to_string(metadatas[owning_metadata].loc.line) + ")", loc);
}

schema::Table* Reader::find_table(const std::string& fullname) {
    return out->metadata.table(fullname);  // hashed: models files can hold thousands of tables
}

ColumnPtr Reader::table_column(const std::string& table, const std::string& key) const {
    auto it = table_columns.find(table);
    if (it == table_columns.end()) return nullptr;
    for (auto& c : it->second)
        if (c->column.key == key) return c;
    return nullptr;
}

ClassInfo* Reader::new_class(const std::string& name, SourceLocation loc) {
    auto c = std::make_unique<ClassInfo>();
    c->name = name;
    c->loc = loc;
    classes.push_back(std::move(c));
    return classes.back().get();
}

namespace {

// Byte offset of 1-based character column `col` in `line`.
size_t byte_offset(std::string_view line, int col) {
    size_t i = 0;
    for (int c = 1; c < col && i < line.size(); ++c) {
        ++i;
        while (i < line.size() && (static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) ++i;
    }
    return i;
}

}  // namespace

std::string Reader::text_of(const SourceLocation& loc) const {
    if (!loc.known() || loc.line > source->line_count()) return {};
    int end_line = loc.end_line >= loc.line ? loc.end_line : loc.line;
    std::string out;
    for (int l = loc.line; l <= end_line && l <= source->line_count(); ++l) {
        std::string_view text = source->line_text(l);
        size_t from = l == loc.line ? byte_offset(text, loc.column) : 0;
        size_t to = (l == end_line && loc.end_column > 0) ? byte_offset(text, loc.end_column) : text.size();
        if (to < from) to = from;
        if (l != loc.line) out += '\n';
        out += std::string(text.substr(from, to - from));
    }
    return out;
}

// ------------------------------------------------------------------ statements

void bind_imports(Reader& r, const Stmt& s) {
    if (auto* im = s.as<Import>()) {
        for (auto& a : im->names) {
            Value v = Value::make(K::Symbol, a.loc);
            if (a.asname) {
                v.text = a.name;
                r.globals[*a.asname] = v;
            } else {
                v.text = a.name.substr(0, a.name.find('.'));
                r.globals[v.text] = v;
            }
        }
    } else if (auto* from = s.as<ImportFrom>()) {
        if (from->module == "__future__") {
            for (auto& a : from->names)
                if (a.name == "annotations") r.future_annotations = true;
            return;
        }
        for (auto& a : from->names) {
            if (a.name == "*") {
                if (from->level > 0) r.fail("orm cannot follow a relative star import", a.loc);
                r.star_imports.push_back(from->module);
                continue;
            }
            Value v = Value::make(from->level > 0 ? K::Opaque : K::Symbol, a.loc);
            // A relative import names something in another file of the project: opaque here.
            v.text = from->level > 0 ? "imported " + a.name : from->module + "." + a.name;
            r.globals[a.asname ? *a.asname : a.name] = v;
        }
    }
}

namespace {

void bind_import_names(Reader& r, const Stmt& s) { bind_imports(r, s); }

void note_engine(Reader& r, const Value& v) {
    if (v.is(K::Engine) && v.flag && !r.out->engine_url) {
        r.out->engine_url = v.text;
        r.out->engine_url_loc = v.loc;
    }
}

bool is_main_guard(const Expr& test) {
    auto* c = test.as<Compare>();
    if (!c || c->ops.size() != 1) return false;
    auto* n = c->left->as<Name>();
    auto* k = c->comparators[0]->as<Constant>();
    return n && n->id == "__name__" && k && k->is_string() && k->value == "__main__";
}

void assign_to(Reader& r, const Expr& target, const Value& v, const Expr& value_expr) {
    if (auto* n = target.as<Name>()) {
        Value bound = v;
        if (bound.is(K::Class) && bound.cls->name == "<declarative base>") bound.cls->name = n->id;
        r.globals[n->id] = bound;
        return;
    }
    if (auto* a = target.as<Attribute>()) {
        Value obj = eval(r, *a->value, Scope{});
        if (obj.is(K::Class)) {
            assign_class_attribute(r, *obj.cls, a->attr, v, target.loc);
        } else if (obj.is(K::MetaData)) {
            if (a->attr != "naming_convention")
                r.fail("setting MetaData." + a->attr + " after its creation cannot be read; pass it to MetaData()", target.loc);
            if (!v.is(K::Dict)) r.fail("naming_convention must be a literal dict", v.loc);
            auto& md = r.metadatas[obj.index];
            md.naming_convention.clear();
            md.naming_given = true;
            for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
                if (!v.items[i].is(K::String) || !v.items[i + 1].is(K::String))
                    r.fail("naming_convention keys and values must be strings", v.items[i].loc);
                md.naming_convention.emplace_back(v.items[i].text, v.items[i + 1].text);
            }
        } else if (obj.is(K::Table) || obj.is(K::TableColumns) || obj.is(K::Column)) {
            r.fail("changing a table or column after its creation cannot be read; declare it in the model", target.loc);
        }
        return;
    }
    if (touches_schema(r, value_expr) || v.is(K::Column) || v.is(K::Table))
        r.fail("this assignment defines schema objects in a way orm cannot read; assign each one to a name", target.loc);
    if (auto* s = target.as<Subscript>()) {
        Value obj = eval(r, *s->value, Scope{});
        if (obj.is(K::Class) || obj.is(K::Table) || obj.is(K::MetaData))
            r.fail("this assignment changes a schema object in a way orm cannot read", target.loc);
        return;
    }
    // Tuple targets and the like: bind the names as opaque values.
    if (auto* t = target.as<Tuple>())
        for (auto& e : t->elts)
            if (auto* n = e->as<Name>()) r.globals[n->id] = Value::make(K::Opaque, e->loc);
    if (auto* l = target.as<python::List>())
        for (auto& e : l->elts)
            if (auto* n = e->as<Name>()) r.globals[n->id] = Value::make(K::Opaque, e->loc);
}

void run_statement(Reader& r, const Stmt& s);

void run_body(Reader& r, const Body& body) {
    for (auto& s : body) run_statement(r, *s);
}

void run_statement(Reader& r, const Stmt& s) {
    switch (s.kind) {
        case StmtKind::Import: case StmtKind::ImportFrom:
            bind_import_names(r, s);
            break;
        case StmtKind::Assign: {
            auto* a = s.as<Assign>();
            Value v = eval(r, *a->value, Scope{});
            note_engine(r, v);
            for (auto& t : a->targets) assign_to(r, *t, v, *a->value);
            break;
        }
        case StmtKind::AnnAssign: {
            auto* a = s.as<AnnAssign>();
            if (!a->value) break;
            Value v = eval(r, *a->value, Scope{});
            note_engine(r, v);
            assign_to(r, *a->target, v, *a->value);
            break;
        }
        case StmtKind::AugAssign:
            if (touches_schema(r, s)) r.fail("this augmented assignment changes a schema object in a way orm cannot read", s.loc);
            break;
        case StmtKind::ClassDef:
            run_class(r, *s.as<ClassDef>());
            break;
        case StmtKind::FunctionDef: {
            auto* f = s.as<FunctionDef>();
            Value v = Value::make(K::Function, f->name_loc);
            v.text = f->name;
            r.globals[f->name] = v;
            break;
        }
        case StmtKind::Expr: {
            const Expr& e = *s.as<ExprStmt>()->value;
            if (touches_schema(r, e)) note_engine(r, eval(r, e, Scope{}));
            break;
        }
        case StmtKind::If: {
            auto* i = s.as<If>();
            if (is_main_guard(*i->test)) break;
            auto dn = dotted_name(*i->test);
            if (dn && (*dn == "TYPE_CHECKING" || *dn == "typing.TYPE_CHECKING")) {
                // Only type checkers run this block: its imports serve annotations.
                for (auto& st : i->body) bind_import_names(r, *st);
                break;
            }
            if (touches_schema(r, s))
                r.fail("a conditional that defines or changes schema objects cannot be read; orm needs the schema unconditionally", s.loc);
            break;
        }
        case StmtKind::For: case StmtKind::While:
            if (touches_schema(r, s))
                r.fail("a loop that defines or changes schema objects (columns, tables, classes) cannot be read; write them out one by one", s.loc);
            break;
        case StmtKind::With: case StmtKind::Match:
            if (touches_schema(r, s)) r.fail("this block defines or changes schema objects in a way orm cannot read", s.loc);
            break;
        case StmtKind::Try: {
            // As at a normal import: the try body runs, the handlers do not.
            auto* t = s.as<Try>();
            run_body(r, t->body);
            run_body(r, t->orelse);
            run_body(r, t->finalbody);
            break;
        }
        case StmtKind::Delete:
            if (touches_schema(r, s)) r.fail("deleting a schema object cannot be read", s.loc);
            break;
        default:
            break;
    }
}

bool looks_2_0(std::string_view text) {
    return text.find("mapped_column") != std::string::npos || text.find("DeclarativeBase") != std::string::npos ||
           text.find("Mapped[") != std::string::npos;
}

}  // namespace

// ------------------------------------------------------------------ public API

ModelsFile read_models(std::shared_ptr<const SourceFile> source) {
    ModelsFile out;
    out.source = source;
    out.metadata.source = source;
    Module module = parse_module(source);
    Reader r;
    r.source = source;
    r.out = &out;
    r.file_is_2_0 = looks_2_0(source->text());
    run_body(r, module.body);
    resolve_foreign_keys(r);
    if (r.owning_metadata >= 0) {
        const MetaDataInstance& md = r.metadatas[r.owning_metadata];
        out.metadata.schema = md.schema;
        out.metadata.naming_convention = md.naming_convention;
    }
    schema::apply_naming_conventions(out.metadata);
    return out;
}

ModelsFile read_models_file(const std::string& path) {
    return read_models(SourceFile::load(path));
}

}  // namespace orm::declarative
