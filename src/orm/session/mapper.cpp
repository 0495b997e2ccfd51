#include "orm/session/mapper.hpp"

#include <algorithm>
#include <set>

#include "orm/core/error.hpp"

namespace orm::session {

namespace {

std::string trim(std::string s) {
    auto b = s.find_first_not_of(" \t\n");
    auto e = s.find_last_not_of(" \t\n");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string referred_fullname(const schema::ForeignKeyConstraint& fk) {
    return fk.referred_schema ? *fk.referred_schema + "." + fk.referred_table : fk.referred_table;
}

// The column keys named by foreign_keys= ("[parent_id]", "Post.parent_id",
// "[Address.user_id, Address.x]"): the last dotted part of each item.
std::set<std::string> foreign_key_names(const std::string& text) {
    std::string s = text;
    for (char& c : s)
        if (c == '[' || c == ']' || c == '(' || c == ')' || c == '\'' || c == '"') c = ' ';
    std::set<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        size_t comma = s.find(',', start);
        std::string item = trim(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (!item.empty()) {
            auto dot = item.rfind('.');
            out.insert(dot == std::string::npos ? item : item.substr(dot + 1));
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

bool parse_bool_arg(const SourceArg& a) { return trim(a.text) == "True"; }

}  // namespace

const char* direction_name(Direction d) {
    switch (d) {
        case Direction::many_to_one: return "MANYTOONE";
        case Direction::one_to_many: return "ONETOMANY";
        case Direction::many_to_many: return "MANYTOMANY";
    }
    return "?";
}

Cascade parse_cascade(const std::string& text, const std::shared_ptr<const SourceFile>& file, SourceLocation loc) {
    Cascade c;
    c.save_update = c.merge = false;
    std::string s = text;
    size_t start = 0;
    while (start <= s.size()) {
        size_t comma = s.find(',', start);
        std::string w = trim(s.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
        if (w == "all") c.save_update = c.merge = c.delete_ = true;
        else if (w == "save-update") c.save_update = true;
        else if (w == "merge") c.merge = true;
        else if (w == "delete") c.delete_ = true;
        else if (w == "delete-orphan") c.delete_orphan = true;
        else if (w == "refresh-expire" || w == "expunge" || w.empty() || w == "none") {}
        else {
            throw InputError("ArgumentError: Invalid cascade option(s): '" + w +
                                 "' (valid: all, delete, delete-orphan, expunge, merge, refresh-expire, save-update)",
                             file, loc);
        }
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return c;
}

const ColumnAttribute* Mapper::column(const std::string& key) const {
    for (const auto& c : columns_)
        if (c.key == key) return &c;
    return nullptr;
}

const ColumnAttribute* Mapper::column_by_name(const std::string& name) const {
    for (const auto& c : columns_)
        if (c.column->name == name) return &c;
    return nullptr;
}

const RelationshipProperty* Mapper::relationship(const std::string& key) const {
    for (const auto& r : relationships_)
        if (r->key == key) return r.get();
    return nullptr;
}

std::string Mapper::describe() const { return "Mapper[" + class_name_ + "(" + table_->name + ")]"; }

Registry::Registry(const schema::MetaData& metadata, const std::vector<MapperConfig>& configs,
                   std::shared_ptr<const SourceFile> source)
    : metadata_(metadata), configs_(configs), source_(source ? source : metadata.source) {
    build();
}

void Registry::fail(const std::string& message, SourceLocation loc) const {
    if (source_ && loc.known()) throw InputError(message, source_, loc);
    throw InputError(message);
}

void Registry::build() {
    std::map<std::string, const MapperConfig*> cfg_by_name;
    for (const auto& cfg : configs_) cfg_by_name[cfg.class_name] = &cfg;
    for (const auto& cfg : configs_) {
        auto m = std::make_unique<Mapper>();
        m->class_name_ = cfg.class_name;
        m->config_ = &cfg;
        m->table_ = metadata_.table(cfg.table);
        if (!m->table_) fail("class " + cfg.class_name + " maps table '" + cfg.table + "', which is not defined", cfg.loc);
        // Inherited columns first (single-table inheritance shares the table).
        std::vector<const MapperConfig*> chain{&cfg};
        while (chain.back()->inherits) {
            auto it = cfg_by_name.find(*chain.back()->inherits);
            if (it == cfg_by_name.end()) break;
            chain.push_back(it->second);
        }
        std::reverse(chain.begin(), chain.end());
        for (const auto* c : chain) {
            for (const auto& prop : c->columns) {
                if (m->column(prop.key)) continue;
                const auto* table = metadata_.table(prop.table);
                const schema::Column* col = table ? table->column(prop.column_name) : nullptr;
                if (!col) continue;
                m->columns_.push_back({prop.key, col, m->columns_.size()});
            }
        }
        for (const auto* c : chain)
            for (const auto& k : c->attribute_order)
                if (std::find(m->attribute_order_.begin(), m->attribute_order_.end(), k) == m->attribute_order_.end())
                    m->attribute_order_.push_back(k);
        m->declared_order_ = m->attribute_order_;
        std::vector<std::string> pk = cfg.primary_key;
        if (pk.empty())
            for (const auto& n : m->table_->primary_key.columns)
                if (auto* col = m->table_->column(n)) pk.push_back(col->key);
        for (const auto& key : pk) {
            const ColumnAttribute* a = nullptr;
            for (const auto& c : m->columns_)
                if (c.column->key == key || c.key == key) a = &c;
            if (a) m->primary_key_.push_back(a->index);
        }
        by_name_[cfg.class_name] = m.get();
        mappers_.push_back(std::move(m));
    }
}

const Mapper* Registry::mapper(const std::string& class_name) const {
    configure();
    auto it = by_name_.find(class_name);
    return it == by_name_.end() ? nullptr : it->second;
}

const Mapper* Registry::mapper_for_table(const std::string& fullname) const {
    configure();
    for (const auto& m : mappers_)
        if (m->table_->fullname() == fullname && !m->config_->single_table) return m.get();
    auto it = table_mappers_.find(fullname);
    if (it != table_mappers_.end()) return it->second.get();
    const auto* table = metadata_.table(fullname);
    if (!table) return nullptr;
    auto m = std::make_unique<Mapper>();
    m->class_name_ = table->name;
    m->table_ = table;
    for (const auto& col : table->columns) {
        m->columns_.push_back({col.key, &col, m->columns_.size()});
        m->attribute_order_.push_back(col.key);
    }
    for (const auto& n : table->primary_key.columns)
        if (auto* a = m->column_by_name(n)) m->primary_key_.push_back(a->index);
    auto* raw = m.get();
    table_mappers_[fullname] = std::move(m);
    return raw;
}

std::vector<const Mapper*> Registry::mappers() const {
    configure();
    std::vector<const Mapper*> out;
    for (const auto& m : mappers_) out.push_back(m.get());
    return out;
}

void Registry::configure() const {
    if (configured_) return;
    for (const auto& m : mappers_) {
        m->relationships_.clear();
        m->attribute_order_ = m->declared_order_;
    }
    for (const auto& m : mappers_)
        for (const auto& rc : m->config_->relationships) configure_relationship(*m, rc);
    // back_populates: link the partners once every property exists.
    for (const auto& m : mappers_) {
        for (const auto& rc : m->config_->relationships) {
            if (!rc.back_populates) continue;
            auto* prop = const_cast<RelationshipProperty*>(m->relationship(rc.key));
            auto* other = const_cast<RelationshipProperty*>(prop->target->relationship(*rc.back_populates));
            if (!other) {
                fail("InvalidRequestError: Mapper '" + prop->target->describe() + "' has no property '" +
                         *rc.back_populates + "' (named by back_populates on relationship " + m->class_name_ + "." +
                         rc.key + ")", rc.loc);
            }
            if (other->target != m.get()) {
                fail("ArgumentError: back_populates on relationship '" + m->class_name_ + "." + rc.key +
                         "' refers to attribute '" + other->parent->class_name() + "." + other->key +
                         "' that is not related to this class", rc.loc);
            }
            prop->reverse = other;
            other->reverse = prop;
        }
    }
    configured_ = true;
}

void Registry::configure_relationship(Mapper& m, const RelationshipConfig& rc) const {
    auto tit = by_name_.find(rc.target.substr(rc.target.rfind('.') == std::string::npos ? 0 : rc.target.rfind('.') + 1));
    if (tit == by_name_.end()) {
        fail("InvalidRequestError: When initializing mapper " + m.describe() + ", expression '" + rc.target +
                 "' failed to locate a name ('" + rc.target + "'). If this is a class name, consider adding this "
                 "relationship() to the class after both dependent classes have been defined.",
             rc.target_loc.known() ? rc.target_loc : rc.loc);
    }
    Mapper& target = *tit->second;
    if (rc.primaryjoin || rc.secondaryjoin)
        fail("relationship " + m.class_name_ + "." + rc.key +
                 ": primaryjoin/secondaryjoin are not supported by orm's session layer yet",
             rc.primaryjoin ? rc.primaryjoin->loc : rc.secondaryjoin->loc);

    auto prop = std::make_unique<RelationshipProperty>();
    prop->key = rc.key;
    prop->parent = &m;
    prop->target = &target;
    prop->loc = rc.loc;
    if (rc.cascade) prop->cascade = parse_cascade(*rc.cascade, source_, rc.loc);
    std::optional<std::set<std::string>> only;
    if (rc.foreign_keys) only = foreign_key_names(rc.foreign_keys->text);
    if (rc.secondary) join_through_secondary(*prop, rc, only);
    else join_directly(*prop, rc, only);

    RelationshipProperty& forward = *prop;
    prop->index = m.relationships_.size();
    m.relationships_.push_back(std::move(prop));
    if (rc.backref) add_backref(m, target, rc, forward);
}

Registry::ForeignKeys Registry::foreign_keys_between(const schema::Table& from, const schema::Table& to,
                                                     const std::optional<std::set<std::string>>& only) const {
    auto usable = [&](const schema::ForeignKeyConstraint& fk) {
        if (!only) return true;
        for (const auto& c : fk.columns) {
            const auto* col = from.column(c);
            if (only->count(c) || (col && only->count(col->key))) return true;
        }
        return false;
    };
    ForeignKeys out;
    for (const auto& fk : from.foreign_keys)
        if (referred_fullname(fk) == to.fullname() && usable(fk)) out.push_back(&fk);
    return out;
}

void Registry::join_through_secondary(RelationshipProperty& prop, const RelationshipConfig& rc,
                                      const std::optional<std::set<std::string>>& only) const {
    const Mapper& m = *prop.parent;
    const Mapper& target = *prop.target;
    const std::string where = m.class_name_ + "." + rc.key;
    const schema::Table& pt = *m.table_;
    const schema::Table& tt = *target.table_;
    const schema::Table* sec = metadata_.table(*rc.secondary);
    if (!sec) {
        fail("InvalidRequestError: When initializing mapper " + m.describe() + ", expression '" + *rc.secondary +
                 "' failed to locate a name ('" + *rc.secondary + "'): no table of that name",
             rc.secondary_loc.known() ? rc.secondary_loc : rc.loc);
    }
    auto to_parent = foreign_keys_between(*sec, pt, only);
    auto to_target = foreign_keys_between(*sec, tt, only);
    if (to_parent.empty() || to_target.empty() || (&pt == &tt && to_parent.size() < 2)) {
        fail("NoForeignKeysError: Could not determine join condition between parent/child tables on "
             "relationship " + where + " - there are no foreign keys linking these tables via secondary table '" +
                 sec->fullname() + "'.  Ensure that referencing columns are associated with a ForeignKey or "
                 "ForeignKeyConstraint, or specify 'primaryjoin' and 'secondaryjoin' expressions.",
             rc.loc);
    }
    if ((&pt != &tt && (to_parent.size() > 1 || to_target.size() > 1)) || (&pt == &tt && to_parent.size() > 2)) {
        fail("AmbiguousForeignKeysError: Could not determine join condition between parent/child tables on "
             "relationship " + where + " - there are multiple foreign key paths linking the tables via secondary "
             "table '" + sec->fullname() + "'.  Specify the 'foreign_keys' argument, providing a list of those "
             "columns which should be counted as containing a foreign key reference from the secondary table to "
             "each of the parent and child tables.", rc.loc);
    }
    if (&pt == &tt) fail("relationship " + where + ": self-referential many-to-many is not supported by orm's session layer yet", rc.loc);
    prop.direction = Direction::many_to_many;
    prop.uselist = rc.uselist.value_or(true);
    prop.secondary = sec;
    auto pairs = [&](const schema::ForeignKeyConstraint& fk, const Mapper& side,
                     std::vector<std::pair<size_t, std::string>>& out) {
        for (size_t i = 0; i < fk.columns.size(); ++i) {
            std::string referred = i < fk.referred_columns.size() ? fk.referred_columns[i] : "";
            const auto* a = side.column_by_name(referred);
            if (!a) fail("relationship " + where + ": column '" + referred + "' is not mapped on " + side.describe(), rc.loc);
            out.push_back({a->index, fk.columns[i]});
        }
    };
    pairs(*to_parent[0], m, prop.secondary_parent);
    pairs(*to_target[0], target, prop.secondary_target);
}

void Registry::join_directly(RelationshipProperty& prop, const RelationshipConfig& rc,
                             const std::optional<std::set<std::string>>& only) const {
    const Mapper& m = *prop.parent;
    const Mapper& target = *prop.target;
    const std::string where = m.class_name_ + "." + rc.key;
    const schema::Table& pt = *m.table_;
    const schema::Table& tt = *target.table_;
    auto m2o = foreign_keys_between(pt, tt, only);   // parent refers to target
    auto o2m = foreign_keys_between(tt, pt, only);   // target refers to parent
    if (&pt == &tt) {
        // SQLAlchemy: one-to-many unless remote_side names the referred (primary key) side.
        o2m = m2o;
        if (rc.remote_side) m2o = o2m; else m2o.clear();
        if (rc.remote_side) o2m.clear();
    }
    if (m2o.empty() && o2m.empty()) {
        fail("NoForeignKeysError: Could not determine join condition between parent/child tables on "
             "relationship " + where + " - there are no foreign keys linking these tables.  Ensure that "
             "referencing columns are associated with a ForeignKey or ForeignKeyConstraint, or specify a "
             "'primaryjoin' expression.", rc.loc);
    }
    if (m2o.size() + o2m.size() > 1) {
        fail("AmbiguousForeignKeysError: Could not determine join condition between parent/child tables on "
             "relationship " + where + " - there are multiple foreign key paths linking the tables.  Specify "
             "the 'foreign_keys' argument, providing a list of those columns which should be counted as "
             "containing a foreign key reference to the parent table.", rc.loc);
    }
    bool many_to_one = !m2o.empty();
    const auto& fk = many_to_one ? *m2o[0] : *o2m[0];
    const Mapper& referring = many_to_one ? m : target;
    const Mapper& referred = many_to_one ? target : m;
    for (size_t i = 0; i < fk.columns.size(); ++i) {
        std::string rname = i < fk.referred_columns.size() ? fk.referred_columns[i] : "";
        const auto* a = referred.column_by_name(rname);
        const auto* b = referring.column_by_name(fk.columns[i]);
        if (!a || !b) fail("relationship " + where + ": foreign key column is not mapped", rc.loc);
        prop.sync_pairs.push_back({a->index, b->index});
    }
    prop.direction = many_to_one ? Direction::many_to_one : Direction::one_to_many;
    prop.uselist = rc.uselist.value_or(!many_to_one);
}

void Registry::add_backref(Mapper& m, Mapper& target, const RelationshipConfig& rc, RelationshipProperty& forward) const {
    if (target.column(*rc.backref) || target.relationship(*rc.backref)) {
        fail("ArgumentError: Error creating backref '" + *rc.backref + "' on relationship '" + m.class_name_ + "." +
                 rc.key + "': property of that name exists on mapper '" + target.describe() + "'",
             rc.backref_loc.known() ? rc.backref_loc : rc.loc);
    }
    auto back = std::make_unique<RelationshipProperty>();
    back->key = *rc.backref;
    back->parent = &target;
    back->target = &m;
    back->is_backref = true;
    back->loc = rc.backref_loc.known() ? rc.backref_loc : rc.loc;
    back->sync_pairs = forward.sync_pairs;
    back->secondary = forward.secondary;
    back->secondary_parent = forward.secondary_target;
    back->secondary_target = forward.secondary_parent;
    back->direction = forward.direction == Direction::many_to_one   ? Direction::one_to_many
                      : forward.direction == Direction::one_to_many ? Direction::many_to_one
                                                                    : Direction::many_to_many;
    back->uselist = back->direction != Direction::many_to_one;
    if (auto it = rc.backref_kwargs.find("uselist"); it != rc.backref_kwargs.end())
        back->uselist = parse_bool_arg(it->second);
    if (auto it = rc.backref_kwargs.find("cascade"); it != rc.backref_kwargs.end())
        back->cascade = parse_cascade(it->second.text, source_, it->second.loc);
    back->reverse = &forward;
    forward.reverse = back.get();
    back->index = target.relationships_.size();
    target.attribute_order_.push_back(back->key);
    target.relationships_.push_back(std::move(back));
}

}  // namespace orm::session
