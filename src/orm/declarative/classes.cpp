// Class statements: running a class body, then what declarative does with
// the class (sqlalchemy/orm/decl_base.py): mixin and __abstract__ column
// copies, declared_attr, __tablename__/__table_args__/__mapper_args__,
// single-table and joined inheritance, the mapped table, the mapper config.
#include <algorithm>
#include <set>

#include "orm/core/error.hpp"
#include "orm/declarative/bridge.hpp"
#include "orm/declarative/constructors.hpp"

namespace orm::declarative {

using namespace python;
using K = Value::Kind;
using CKind = ClassInfo::Kind;

namespace {

// Runs a declared_attr for `cls` (the class being mapped), as SQLAlchemy
// does when it scans the class: the function is called with the class.
Value run_declared_attr(Reader& r, const ClassInfo& owner, const std::string& name, ClassInfo& cls) {
    Bridge* b = current_bridge();
    auto it = owner.declared_attr_functions.find(name);
    if (!b || it == owner.declared_attr_functions.end())
        r.fail("declared_attr " + name + " cannot be run here", owner.loc);
    auto* owner_class = cls.py.as<python::ClassObject>();
    python::Value result = owner_class && b->scanning_class == owner_class
                               ? declared_attr_value(*b, it->second, *owner_class)
                               : b->in.call(it->second, {cls.py}, cls.loc);
    return b->to_decl(result, cls.loc);
}

ClassInfo* resolve_for_inherits(ClassInfo* b) {
    if (b->kind == CKind::Mapped) return b;
    if (b->kind == CKind::Abstract)
        for (ClassInfo* sup : b->bases)
            if (ClassInfo* m = resolve_for_inherits(sup)) return m;
    return nullptr;
}

session::SourceArg arg_of(Reader& r, const Value& v) {
    session::SourceArg a;
    a.loc = v.loc;
    if (v.is(K::String)) { a.text = v.text; a.is_string = true; }
    else if (v.expr) a.text = r.text_of(v.expr->loc);
    else if (auto s = literal_string(v)) a.text = *s;
    else if (v.is(K::Column)) a.text = v.column->column.key;
    return a;
}

struct Collected {
    std::string name;
    Value value;
    bool from_mixin = false;
    const ClassInfo::Annotation* annotation = nullptr;
    const ClassInfo* annotation_owner = nullptr;   // the class the annotation is written in
    int order = 0;        // 2.0 ordering: position in collection
    bool existing_column = false;  // maps a column the inherited table already has
};

// mapped_column(use_existing_column=True) on a class that inherits a table
// (single-table inheritance): the inherited table's column of that name, as
// SQLAlchemy 2.0 maps it instead of making a new one; else null.
ColumnPtr existing_column_for(Reader& r, const ClassInfo& cls, const Collected& item) {
    if (!item.value.is(K::Column)) return nullptr;
    const ColumnDecl& c = *item.value.column;
    if (!c.use_existing_column || !cls.inherits) return nullptr;
    for (const char* own : {"__tablename__", "__table__"})
        if (const Value* v = cls.attribute(own); v && !v->is(K::None)) return nullptr;
    return r.table_column(cls.inherits->table, c.column.name.empty() ? item.name : c.column.name);
}

void apply_annotation(Reader& r, ClassInfo& cls, Collected& item) {
    if (!item.annotation) return;
    MappedAnnotation anno = read_annotation(r, *item.annotation, *item.annotation_owner);
    const SourceLocation anno_loc = item.annotation->expr ? item.annotation->expr->loc : cls.loc;
    if (!anno.is_mapped) return;
    if (item.value.is(K::Column) && item.value.column->is_mapped_column) {
        ColumnDecl& c = *item.value.column;
        // Annotated[T, mapped_column(...)]: its arguments apply where the attribute's own do not.
        for (auto& a : anno.annotated_columns) {
            if (!c.has_type && a->has_type) {
                c.column.type = a->column.type;
                c.has_type = true;
            }
            if (a->column.primary_key) {
                c.column.primary_key = true;
                if (!c.nullable_given) c.column.nullable = false;
            }
            if (!c.nullable_given && a->nullable_given) {
                c.column.nullable = a->column.nullable;
                c.nullable_given = true;
            }
            if (!c.column.server_default) c.column.server_default = a->column.server_default;
            if (!c.column.server_onupdate) c.column.server_onupdate = a->column.server_onupdate;
            if (!c.column.default_value) c.column.default_value = a->column.default_value;
            if (!c.column.onupdate) c.column.onupdate = a->column.onupdate;
            if (!c.column.unique) c.column.unique = a->column.unique;
            if (!c.column.index) c.column.index = a->column.index;
            if (!c.column.comment) c.column.comment = a->column.comment;
            if (c.column.autoincrement == schema::Autoincrement::Auto) c.column.autoincrement = a->column.autoincrement;
            if (c.foreign_keys.empty()) c.foreign_keys = a->foreign_keys;
            if (c.inline_constraints.empty()) c.inline_constraints = a->inline_constraints;
        }
        // SQLAlchemy 2.0 types a column from its annotation only when it has
        // no foreign key: one with a ForeignKey and no type of its own takes
        // the referenced column's type (`x: Mapped[str] =
        // mapped_column(ForeignKey("t.uuid_id"))` is a UUID).
        if (!c.has_type && c.foreign_keys.empty()) {
            if (!anno.type)
                r.fail("Could not locate SQLAlchemy Core type for Python type " + anno.python_type + " inside the '" +
                       item.name + "' attribute Mapped annotation", anno.inner_loc.known() ? anno.inner_loc : anno_loc);
            c.column.type = *anno.type;
            c.has_type = true;
        }
        if (!c.nullable_given && !c.column.primary_key) c.column.nullable = anno.optional;
    } else if (item.value.is(K::Relationship)) {
        auto& cfg = item.value.rel->config;
        if (!item.value.rel->target_given) {
            if (!anno.target) r.fail("relationship '" + item.name + "' needs a target: relationship(\"Class\") or Mapped[\"Class\"]", item.value.loc);
            cfg.target = *anno.target;
            cfg.target_loc = anno.inner_loc;
        }
        if (!cfg.uselist) cfg.uselist = anno.collection.has_value();
        if (anno.collection && !cfg.collection_class) cfg.collection_class = anno.collection;
    }
}

// A fresh mapped_column() for an annotation-only `x: Mapped[T]`.
Value implicit_mapped_column(Reader& r, SourceLocation loc) {
    Args none;
    return make_column(r, none, loc, true);
}

// What _scan_attributes finds walking the MRO (earlier classes override
// later ones): the dunder settings and the mapped attributes, in order.
struct ScannedAttributes {
    std::optional<Value> tablename, table_args, mapper_args, table_attr;
    bool inherited_table_args = false;   // __table_args__ came from a base, not the class itself
    std::vector<Collected> collected;
};

// One attribute of `base` (the class itself or a mixin), as the class maps
// it: a mixin's column is copied, a declared_attr is run for the class, a
// bare 2.0 annotation gets a fresh mapped_column().
void collect_attribute(Reader& r, ClassInfo& c, ClassInfo& base, Collected& item, const Value* v,
                       const ColumnPtr& precopied) {
    const bool v2 = r.file_is_2_0;
    const ClassInfo::Annotation* anno = item.annotation;
    if (base.declared_attrs.count(item.name)) {
        item.value = run_declared_attr(r, base, item.name, c);
    } else if (v) {
        item.value = *v;
        if (&base != &c && v->is(K::Column)) {
            if (!v2 && !v->column->foreign_keys.empty())
                r.fail("Columns with foreign keys to other columns must be declared as @declared_attr callables "
                       "on declarative mixin classes.  For dataclass field() objects, use a lambda:.", v->loc);
            if (v2)
                for (auto& fk : v->column->foreign_keys)
                    if (fk.target_column && fk.target_column->table.empty())
                        r.fail("Columns with foreign keys to non-table-bound columns must be declared as "
                               "@declared_attr callables on declarative mixin classes.", v->loc);
            auto copy = precopied ? precopied : std::make_shared<ColumnDecl>(*v->column);
            copy->table.clear();
            item.value.column = copy;  // _copy() keeps the original's creation order
        } else if (&base != &c && v->is(K::Relationship)) {
            r.fail("Mapper properties (i.e. deferred,column_property(), relationship(), etc.) must be declared "
                   "as @declared_attr callables on declarative mixin classes.", v->loc);
        }
    } else if (anno && v2) {
        if (read_annotation(r, *anno, base).is_mapped)
            item.value = implicit_mapped_column(r, anno->expr ? anno->expr->loc : c.loc);
    }
}

// SQLAlchemy first copies every mixin's plain Column for the class and sets
// the copy on the class (its #8190), so that declared_attr functions, run
// after, see the column the table gets: a __table_args__ Index over
// getattr(cls, 'name') of a mixin's column. Keyed by (mixin, name).
std::map<std::pair<const ClassInfo*, std::string>, ColumnPtr> copy_mixin_columns(ClassInfo& c) {
    std::map<std::pair<const ClassInfo*, std::string>, ColumnPtr> copies;
    Bridge* b = current_bridge();
    auto* cls = c.py.as<python::ClassObject>();
    std::set<std::string> seen;
    for (ClassInfo* base : c.mro) {
        bool class_mapped = base != &c && base->kind == CKind::Mapped;
        if (base != &c && !class_mapped && b && cls)
            for (auto& name : base->decl_order) {
                const Value* v = base->attribute(name);
                if (name.rfind("__", 0) == 0 || seen.count(name) || base->declared_attrs.count(name) || !v ||
                    !v->is(K::Column) || !v->column->foreign_keys.empty())
                    continue;
                auto copy = std::make_shared<ColumnDecl>(*v->column);
                copy->table.clear();
                copies[{base, name}] = copy;
                Value copied = *v;
                copied.column = copy;
                cls->dict->set_str(name, b->to_py(copied));
            }
        for (auto& n : base->decl_order) seen.insert(n);
        if (class_mapped)
            for (auto& [n, col] : base->column_attrs) seen.insert(n);
    }
    return copies;
}

ScannedAttributes scan_attributes(Reader& r, ClassInfo& c) {
    ScannedAttributes s;
    auto copies = copy_mixin_columns(c);
    std::set<std::string> seen;
    auto take_dunder = [&](ClassInfo& base, const std::string& name, std::optional<Value>& slot, bool class_mapped) {
        if (slot) return;
        bool decl = base.declared_attrs.count(name) > 0;
        if (class_mapped && !decl) return;
        if (decl && !seen.count(name)) slot = run_declared_attr(r, base, name, c);
        else if (const Value* v = base.attribute(name); v && !seen.count(name)) slot = *v;
        if (slot && name == "__table_args__" && &base != &c) s.inherited_table_args = true;
    };
    int order = 0;
    for (ClassInfo* base : c.mro) {
        bool class_mapped = base != &c && base->kind == CKind::Mapped;
        take_dunder(*base, "__tablename__", s.tablename, class_mapped);
        take_dunder(*base, "__table_args__", s.table_args, class_mapped);
        take_dunder(*base, "__mapper_args__", s.mapper_args, class_mapped);
        if (base == &c) take_dunder(*base, "__table__", s.table_attr, false);
        if (class_mapped) {
            // What the mapped class maps, its mixins' declared_attrs included:
            // SQLAlchemy reads those through getattr(cls, name) and finds
            // the inherited attribute, so they are not run again.
            for (auto& n : base->decl_order) seen.insert(n);
            for (auto& [n, col] : base->column_attrs) seen.insert(n);
            if (base->mapper_index >= 0)
                for (auto& n : r.out->mappers[base->mapper_index].attribute_order) seen.insert(n);
            continue;
        }
        for (auto& name : base->decl_order) {
            if (name.rfind("__", 0) == 0 || seen.count(name)) continue;
            const Value* v = base->attribute(name);
            auto anno_it = base->annotation_values.find(name);
            const ClassInfo::Annotation* anno = anno_it == base->annotation_values.end() ? nullptr : &anno_it->second;
            Collected item{name, {}, base != &c, anno, base, order++};
            auto copied = copies.find({base, name});
            collect_attribute(r, c, *base, item, v, copied == copies.end() ? nullptr : copied->second);
            if (item.value.is(K::Tuple) && item.value.items.size() == 1 &&
                (item.value.items[0].is(K::Column) || item.value.items[0].is(K::Relationship)))
                continue;  // SQLAlchemy ignores `x = Column(...),` (with a warning)
            if (item.value.is(K::Column) || item.value.is(K::Relationship)) {
                if (name == "metadata")
                    r.fail("Attribute name 'metadata' is reserved for the MetaData instance when using a declarative base class.", item.value.loc);
                s.collected.push_back(std::move(item));
            }
        }
        for (auto& n : base->decl_order) seen.insert(n);
    }
    return s;
}

// The order declarative maps columns and properties in: 2.0 by
// mapped_column(sort_order=...), 1.4 by creation order.
void sort_by_declaration(std::vector<Collected*>& items, bool v2) {
    if (v2) {
        std::stable_sort(items.begin(), items.end(), [](Collected* a, Collected* b) {
            int sa = a->value.is(K::Column) ? a->value.column->sort_order : 0;
            int sb = b->value.is(K::Column) ? b->value.column->sort_order : 0;
            return sa < sb;
        });
    } else {
        std::stable_sort(items.begin(), items.end(), [](Collected* a, Collected* b) {
            int oa = a->value.is(K::Column) ? a->value.column->creation_order : a->value.rel->creation_order;
            int ob = b->value.is(K::Column) ? b->value.column->creation_order : b->value.rel->creation_order;
            return oa < ob;
        });
    }
}

// __table_args__ as Table()'s positional and keyword arguments: a dict, or
// a tuple whose last item may be a dict.
void table_arguments(Reader& r, const Value& table_args, std::vector<Value>& args,
                     std::vector<std::pair<std::string, Value>>& kw) {
    if (table_args.is(K::Dict)) {
        for (size_t i = 0; i + 1 < table_args.items.size(); i += 2) {
            if (!table_args.items[i].is(K::String)) r.fail("__table_args__ keys must be strings", table_args.items[i].loc);
            kw.emplace_back(table_args.items[i].text, table_args.items[i + 1]);
        }
    } else if (table_args.is(K::Tuple)) {
        args = table_args.items;
        if (!args.empty() && args.back().is(K::Dict)) {
            Value d = args.back();
            args.pop_back();
            for (size_t i = 0; i + 1 < d.items.size(); i += 2) {
                if (!d.items[i].is(K::String)) r.fail("__table_args__ keys must be strings", d.items[i].loc);
                kw.emplace_back(d.items[i].text, d.items[i + 1]);
            }
        }
    } else {
        r.fail("__table_args__ value must be a tuple, dict, or None", table_args.loc);
    }
}

// The table the class maps: its explicit __table__, a new Table from
// __tablename__, or (single-table inheritance, which sets `single`) the
// inherited class's table with the new columns appended.
schema::Table* class_table(Reader& r, ClassInfo& c, const ScannedAttributes& s, const std::vector<Collected*>& columns,
                           bool& single) {
    std::vector<ColumnPtr> decls;
    for (auto* item : columns) decls.push_back(item->value.column);
    schema::Table* table = nullptr;
    if (s.table_attr) {
        if (!s.table_attr->is(K::Table)) r.fail("__table__ must be a Table", s.table_attr->loc);
        table = r.find_table(s.table_attr->text);
        for (auto* item : columns)
            if (item->value.column->table != table->fullname())
                r.fail("Can't add additional column '" + item->value.column->column.key + "' when specifying __table__", item->value.loc);
    } else if (s.tablename && !s.tablename->is(K::None)) {  // None: no table of its own, as SQLAlchemy reads it
        if (!s.tablename->is(K::String))
            r.fail("__tablename__ must be a string, got " + s.tablename->type_name(), s.tablename->loc.known() ? s.tablename->loc : c.loc);
        std::vector<Value> args;
        std::vector<std::pair<std::string, Value>> kw;
        if (s.table_args && !s.table_args->is(K::None)) table_arguments(r, *s.table_args, args, kw);
        if (c.metadata < 0) r.fail("class " + c.name + " has no declarative base with a MetaData", c.loc);
        table = &build_table(r, s.tablename->text, c.metadata, decls, args, kw, c.loc);
    } else if (c.inherits) {
        single = true;
        if (s.table_args && !s.inherited_table_args && !s.table_args->is(K::None))
            r.fail("Can't place __table_args__ on an inherited class with no table.", s.table_args->loc);
        table = r.find_table(c.inherits->table);
        for (auto& d : decls) {
            if (auto existing = r.table_column(table->fullname(), d->column.key); existing || table->column(d->column.name)) {
                if (existing == d) continue;
                r.fail("Column '" + d->column.name + "' on class " + c.name + " conflicts with existing column '" +
                       table->name + "." + d->column.name + "'", d->loc);
            }
            if (d->column.primary_key) r.fail("Can't place primary key columns on an inherited class with no table.", d->loc);
            append_column(r, *table, d);
        }
    } else {
        r.fail("Class " + c.name + " does not have a __table__ or __tablename__ specified and does not inherit from an "
               "existing table-mapped class.", c.loc);
    }
    return table;
}

// Joined inheritance needs exactly one foreign key from the new table to the inherited one.
void check_inherit_condition(Reader& r, const ClassInfo& c, const schema::Table& table) {
    const schema::Table* parent = r.find_table(c.inherits->table);
    int links = 0;
    for (auto& p : r.pending_fks) {
        if (p.table != table.fullname()) continue;
        for (size_t i = 0; i < p.targets.size(); ++i) {
            std::string target_table;
            if (i < p.target_columns.size() && p.target_columns[i]) target_table = p.target_columns[i]->table;
            else {
                auto last = p.targets[i].rfind('.');
                target_table = last == std::string::npos ? "" : p.targets[i].substr(0, last);
                if (target_table.find('.') == std::string::npos && parent->schema)
                    target_table = *parent->schema + "." + target_table;
            }
            if (target_table == parent->fullname()) { ++links; break; }
        }
    }
    if (links == 0)
        r.fail("Can't determine the inherit condition between inherited table '" + parent->name + "' and inheriting table '" +
               table.name + "'; tables have no foreign key relationships established.  Please ensure the inheriting "
               "table has a foreign key relationship to the inherited table, or provide an 'on clause' using the "
               "'inherit_condition' mapper argument.", c.loc);
    if (links > 1)
        r.fail("Can't determine the inherit condition between inherited table '" + parent->name + "' and inheriting table '" +
               table.name + "'; tables have more than one foreign key relationship established.  Please specify the "
               "'on clause' using the 'inherit_condition' mapper argument.", c.loc);
}

// The mapper's primary key: __mapper_args__' primary_key, the nearest
// inherited mapper's, or the table's.
void mapper_primary_key(Reader& r, const ClassInfo& c, const schema::Table& table, bool concrete, session::MapperConfig& m) {
    if (auto it = m.mapper_args.find("primary_key"); it != m.mapper_args.end()) {
        m.primary_key.push_back(it->second.text);
    } else if (c.inherits && !concrete) {
        for (ClassInfo* k = c.inherits; k; k = k->inherits) {
            auto& pm = r.out->mappers[k->mapper_index];
            if (!pm.primary_key.empty()) { m.primary_key = pm.primary_key; break; }
        }
    } else {
        for (auto& n : table.primary_key.columns)
            if (auto* col = table.column(n)) m.primary_key.push_back(col->key);
        if (m.primary_key.empty())
            r.fail("Mapper mapped class " + c.name + "->" + table.name + " could not assemble any primary key columns for "
                   "mapped table '" + table.name + "'", c.loc);
    }
}

// The mapper's columns, relationships and property order: explicit
// properties (relationships, and columns mapped under a name other than
// their key) first, then the table's columns in table order, as
// Mapper._configure_properties does.
void add_mapper_properties(ClassInfo& c, const std::vector<Collected*>& columns, const std::vector<Collected*>& relationships,
                           const schema::Table& table, bool v2, session::MapperConfig& m) {
    for (auto* item : columns) {
        const ColumnDecl& d = *item->value.column;
        c.column_attrs[item->name] = item->value.column;
        m.columns.push_back({item->name, d.table, d.column.name, d.column.key, item->from_mixin, d.loc});
    }
    std::vector<Collected*> props;
    for (auto* item : columns)
        if (item->name != item->value.column->column.key) props.push_back(item);
    for (auto* item : relationships) {
        session::RelationshipConfig cfg = item->value.rel->config;
        cfg.key = item->name;
        m.relationships.push_back(std::move(cfg));
        props.push_back(item);
    }
    if (v2) std::stable_sort(props.begin(), props.end(), [](Collected* a, Collected* b) { return a->order < b->order; });
    else sort_by_declaration(props, v2);
    for (auto* p : props) m.attribute_order.push_back(p->name);
    for (auto& tc : table.columns)
        for (auto* item : columns)
            if (item->value.column->column.name == tc.name && item->value.column->table == c.table &&
                item->name == item->value.column->column.key)
                m.attribute_order.push_back(item->name);
}

}  // namespace

void map_class(Reader& r, ClassInfo& c) {
    const bool v2 = r.file_is_2_0;
    for (ClassInfo* k : c.mro)
        if (k->metadata >= 0) { c.metadata = k->metadata; break; }

    // Inheritance from a mapped class.
    std::vector<ClassInfo*> inherits;
    for (ClassInfo* b : c.bases)
        if (ClassInfo* m = resolve_for_inherits(b); m && std::find(inherits.begin(), inherits.end(), m) == inherits.end())
            inherits.push_back(m);
    if (inherits.size() > 1) r.fail("Class " + c.name + " has multiple mapped bases", c.loc);
    c.inherits = inherits.empty() ? nullptr : inherits[0];

    DeclarativeScan scan(c);
    ScannedAttributes s = scan_attributes(r, c);
    for (auto& item : s.collected) {
        if (ColumnPtr existing = existing_column_for(r, c, item)) {  // its type and name are the inherited column's
            item.value.column = existing;
            item.existing_column = true;
        } else {
            apply_annotation(r, c, item);
        }
    }

    // Name the columns after their attributes (_undefer_column_name).
    std::vector<Collected*> columns, relationships;
    for (auto& item : s.collected) {
        if (item.value.is(K::Column)) {
            ColumnDecl& d = *item.value.column;
            if (!d.table.empty() && !item.existing_column) {
                if (s.table_attr) continue;  // a column of the explicit __table__
                r.fail("Column object '" + d.column.key + "' already assigned to Table '" + d.table + "'", item.value.loc);
            }
            if (d.column.key.empty()) d.column.key = item.name;
            if (d.column.name.empty()) d.column.name = item.name;
            columns.push_back(&item);
        } else {
            relationships.push_back(&item);
        }
    }
    sort_by_declaration(columns, v2);

    bool single = false;
    schema::Table* table = class_table(r, c, s, columns, single);
    c.table = table->fullname();

    // __mapper_args__, as written.
    session::MapperConfig m;
    if (s.mapper_args && s.mapper_args->is(K::Dict)) {
        for (size_t i = 0; i + 1 < s.mapper_args->items.size(); i += 2)
            if (s.mapper_args->items[i].is(K::String)) m.mapper_args[s.mapper_args->items[i].text] = arg_of(r, s.mapper_args->items[i + 1]);
    } else if (s.mapper_args && !s.mapper_args->is(K::None)) {
        r.fail("__mapper_args__ must be a dict", s.mapper_args->loc);
    }
    bool concrete = m.mapper_args.count("concrete") && m.mapper_args["concrete"].text == "True";
    if (c.inherits && !single && !concrete && !m.mapper_args.count("inherit_condition")) check_inherit_condition(r, c, *table);
    mapper_primary_key(r, c, *table, concrete, m);

    m.class_name = c.name;
    m.table = c.table;
    m.loc = c.loc;
    m.single_table = single;
    if (c.inherits) m.inherits = c.inherits->name;
    if (auto it = m.mapper_args.find("polymorphic_on"); it != m.mapper_args.end()) m.polymorphic_on = it->second;
    if (auto it = m.mapper_args.find("polymorphic_identity"); it != m.mapper_args.end()) m.polymorphic_identity = it->second;
    add_mapper_properties(c, columns, relationships, *table, v2, m);
    c.mapper_index = static_cast<int>(r.out->mappers.size());
    r.out->mappers.push_back(std::move(m));
}

void assign_class_attribute(Reader& r, ClassInfo& c, const std::string& attr, const Value& v, SourceLocation loc) {
    if (!v.is(K::Column) && !v.is(K::Relationship)) return;
    if (c.kind != CKind::Mapped)
        r.fail("assigning " + v.type_name() + " to " + c.name + "." + attr + " after the class cannot be read "
               "(the class is not mapped); declare it in the class body", loc);
    auto& m = r.out->mappers[c.mapper_index];
    if (v.is(K::Relationship)) {
        session::RelationshipConfig cfg = v.rel->config;
        if (!v.rel->target_given) r.fail("relationship '" + attr + "' needs a target class", v.loc);
        cfg.key = attr;
        m.relationships.push_back(std::move(cfg));
        m.attribute_order.push_back(attr);
        return;
    }
    // Declarative adds a column assigned to a mapped class to its table (DeclarativeMeta.__setattr__).
    ColumnDecl& d = *v.column;
    if (!d.table.empty()) r.fail("Column object '" + d.column.key + "' already assigned to Table '" + d.table + "'", v.loc);
    if (d.column.key.empty()) d.column.key = attr;
    if (d.column.name.empty()) d.column.name = attr;
    schema::Table* t = r.find_table(c.table);
    append_column(r, *t, v.column);
    c.column_attrs[attr] = v.column;
    m.columns.push_back({attr, d.table, d.column.name, d.column.key, false, d.loc});
    m.attribute_order.push_back(attr);
}

}  // namespace orm::declarative
