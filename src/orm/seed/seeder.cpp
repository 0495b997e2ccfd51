#include "orm/seed/seeder.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "orm/core/error.hpp"
#include "orm/session/session.hpp"
#include "orm/session/unit_of_work.hpp"

namespace orm::seed {

using session::Mapper;
using session::Object;
using session::ObjectPtr;
using session::RelationshipProperty;
using session::TypeFamily;
using session::Value;

namespace {

std::string type_text(const schema::TypeEngine& t) {
    std::string s = t.class_name();
    if (t.precision && t.scale) s += "(" + std::to_string(*t.precision) + ", " + std::to_string(*t.scale) + ")";
    else if (t.precision) s += "(" + std::to_string(*t.precision) + ")";
    else if (t.length) s += "(" + std::to_string(*t.length) + ")";
    return s;
}

size_t utf8_length(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::optional<std::vector<std::uint8_t>> base64_decode(const std::string& in) {
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+' || c == '-') return 62;
        if (c == '/' || c == '_') return 63;
        return -1;
    };
    std::vector<std::uint8_t> out;
    unsigned buf = 0;
    int bits = 0;
    size_t i = 0;
    for (; i < in.size() && in[i] != '='; ++i) {
        int v = val(in[i]);
        if (v < 0) return std::nullopt;
        buf = (buf << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>((buf >> bits) & 0xFF));
        }
    }
    for (; i < in.size(); ++i)
        if (in[i] != '=') return std::nullopt;
    return out;
}

// What one record of the input became.
struct RecordInfo {
    std::string pointer;
    size_t offset;
    const SourceFile* source;
};

class Seeder {
public:
    Seeder(engine::Engine engine, const session::Registry& registry, const SeedOptions& options)
        : session_(std::move(engine), registry), registry_(registry), options_(options) {}

    SeedSummary run(const std::vector<SeedInput>& inputs);

private:
    [[noreturn]] void fail(const std::string& pointer, const Node& at, const std::string& message) const {
        throw InputError((pointer.empty() ? std::string("/") : pointer) + ": " + message, source_,
                         Document{source_, {}}.location(at.offset));
    }
    const Mapper& mapper_for(const std::string& key, const Node& at, const std::string& pointer);
    void top_level(const Node& root, const std::string& pointer_prefix, bool ndjson);
    ObjectPtr record(const Mapper& m, const Node& node, const std::string& pointer);
    ObjectPtr lookup_ref(const Mapper& m, const Node& ref, const std::string& pointer);
    Value convert(const schema::Column& col, const Node& v, const std::string& pointer);
    void link(const ObjectPtr& obj, const RelationshipProperty& r, const Node& v, const std::string& pointer);
    void link_one(const ObjectPtr& obj, const RelationshipProperty& r, const Node& v, const std::string& pointer);
    void check_not_null();
    ClassCounts& counts(const std::string& class_name);
    // Unique keys of `m` given by `values` (column index -> value): each key as text, per constraint.
    std::vector<std::string> unique_keys(const Mapper& m, const std::map<size_t, Value>& values,
                                         std::vector<std::vector<size_t>>* columns = nullptr) const;

    session::Session session_;
    const session::Registry& registry_;
    SeedOptions options_;
    std::shared_ptr<const SourceFile> source_;
    std::map<std::string, ObjectPtr> aliases_;
    size_t records_ = 0;
    std::unordered_map<std::string, ObjectPtr> ref_cache_;
    struct PendingRef {
        ObjectPtr obj;
        const RelationshipProperty* rel;
        std::string alias;
        Node node;
        std::string pointer;
        std::shared_ptr<const SourceFile> source;
    };
    std::vector<PendingRef> pending_refs_;
    std::unordered_map<std::string, ObjectPtr> seen_keys_;   // unique keys of this run's records
    std::map<Object*, RecordInfo> created_;
    std::vector<ObjectPtr> created_order_;
    std::map<std::string, size_t> matched_for_update_;
    std::vector<std::pair<std::string, ClassCounts>> counts_;
    std::set<const schema::Table*> explicit_keys_;   // tables given autoincrement values explicitly
};

ClassCounts& Seeder::counts(const std::string& name) {
    for (auto& [n, c] : counts_)
        if (n == name) return c;
    counts_.push_back({name, {}});
    return counts_.back().second;
}

const Mapper& Seeder::mapper_for(const std::string& key, const Node& at, const std::string& pointer) {
    if (const Mapper* m = registry_.mapper(key)) return *m;
    if (const Mapper* m = registry_.mapper_for_table(key)) return *m;
    std::string classes, tables;
    for (const auto* m : registry_.mappers()) classes += (classes.empty() ? "" : ", ") + m->class_name();
    for (const auto& t : registry_.metadata().tables) tables += (tables.empty() ? "" : ", ") + t->fullname();
    fail(pointer, at, "unknown class or table '" + key + "' (classes: " + classes + "; tables: " + tables + ")");
}

void Seeder::top_level(const Node& root, const std::string& prefix, bool ndjson) {
    if (root.kind != Node::Kind::object)
        fail(prefix, root, "expected an object whose keys are class or table names, got " + root.type_name());
    for (const auto& [key, value] : root.members) {
        std::string ptr = prefix + "/" + pointer_token(key);
        const Mapper& m = mapper_for(key, value, ptr);
        counts(m.class_name());
        if (ndjson && value.kind == Node::Kind::object) {   // NDJSON: one record per line
            record(m, value, ptr);
            continue;
        }
        if (value.kind != Node::Kind::array) fail(ptr, value, "expected an array of " + m.class_name() + " records, got " + value.type_name());
        for (size_t i = 0; i < value.items.size(); ++i) record(m, value.items[i], ptr + "/" + std::to_string(i));
    }
}

std::vector<std::string> Seeder::unique_keys(const Mapper& m, const std::map<size_t, Value>& values,
                                             std::vector<std::vector<size_t>>* columns) const {
    std::vector<std::vector<size_t>> sets;
    sets.push_back(m.primary_key());
    const auto& t = m.table();
    auto indexes_of = [&](const std::vector<std::string>& names) {
        std::vector<size_t> out;
        for (const auto& n : names) {
            const auto* a = m.column_by_name(n);
            if (!a) return std::vector<size_t>{};
            out.push_back(a->index);
        }
        return out;
    };
    for (const auto& uc : t.unique_constraints) sets.push_back(indexes_of(uc.columns));
    for (const auto& ix : t.indexes) {
        if (!ix.unique || ix.postgresql_where || ix.sqlite_where) continue;
        std::vector<std::string> names;
        for (const auto& e : ix.expressions) {
            if (e->kind != schema::ClauseKind::Column) { names.clear(); break; }
            names.push_back(e->text);
        }
        if (!names.empty()) sets.push_back(indexes_of(names));
    }
    for (const auto& c : m.columns())
        if (c.column->unique.value_or(false)) sets.push_back({c.index});
    std::vector<std::string> keys;
    std::set<std::vector<size_t>> done;
    for (const auto& s : sets) {
        if (s.empty() || !done.insert(s).second) continue;
        std::string key = t.fullname();
        bool complete = true;
        for (size_t i : s) {
            auto it = values.find(i);
            // NULLs never conflict in a unique constraint.
            if (it == values.end() || it->second.is_null()) { complete = false; break; }
            key += "\x1f" + std::to_string(i) + "=" + it->second.repr();
        }
        if (!complete) continue;
        keys.push_back(key);
        if (columns) columns->push_back(s);
    }
    return keys;
}

ObjectPtr Seeder::lookup_ref(const Mapper& m, const Node& ref, const std::string& pointer) {
    if (ref.kind != Node::Kind::object || ref.members.empty())
        fail(pointer, ref, "$ref takes an object of column values, such as {\"$ref\": {\"username\": \"tmiller\"}}");
    std::vector<std::pair<std::string, Value>> criteria;
    std::string shown;
    for (const auto& [k, v] : ref.members) {
        const auto* a = m.column(k);
        if (!a) fail(pointer + "/" + pointer_token(k), v, "'" + m.class_name() + "' has no column '" + k + "'");
        criteria.push_back({k, convert(*a->column, v, pointer + "/" + pointer_token(k))});
        shown += (shown.empty() ? "" : ", ") + k + "=" + criteria.back().second.repr();
    }
    // One query per distinct lookup: the same $ref in many records is answered from memory.
    std::string memo = m.class_name() + "\x1f" + shown;
    auto cached = ref_cache_.find(memo);
    if (cached != ref_cache_.end()) return cached->second;
    auto found = session_.filter_by(m, criteria, 2);
    if (found.size() == 1) ref_cache_[memo] = found[0];
    if (found.empty()) fail(pointer, ref, "$ref matches no " + m.class_name() + " row (" + shown + ")");
    if (found.size() > 1) fail(pointer, ref, "$ref matches several " + m.class_name() + " rows (" + shown + "); name unique columns");
    return found[0];
}

Value Seeder::convert(const schema::Column& col, const Node& v, const std::string& pointer) {
    const auto& type = col.type;
    auto wrong = [&](const std::string& expected) -> Value {
        fail(pointer, v, "expected " + expected + " for column '" + col.name + "' (" + type_text(type) + "), got " + v.type_name());
    };
    if (v.kind == Node::Kind::null) {
        if (!col.nullable && !col.primary_key) fail(pointer, v, "null for NOT NULL column '" + col.name + "'");
        return nullptr;
    }
    switch (session::type_family(type)) {
        case TypeFamily::integer:
            if (!v.is_integer()) return wrong("an integer");
            try {
                return static_cast<long long>(std::stoll(v.text));
            } catch (...) {
                fail(pointer, v, "integer " + v.text + " is out of range for column '" + col.name + "'");
            }
        case TypeFamily::real:
            if (v.kind != Node::Kind::number) return wrong("a number");
            return std::stod(v.text);
        case TypeFamily::numeric:
            if (v.kind == Node::Kind::number) return Value::decimal(v.text);
            if (v.kind == Node::Kind::string) {
                if (!session::normalize_decimal(v.text))
                    fail(pointer, v, "'" + v.text + "' is not a decimal number (column '" + col.name + "', " + type_text(type) + ")");
                return Value::decimal(v.text);
            }
            return wrong("a number or a decimal string");
        case TypeFamily::text:
            if (v.kind != Node::Kind::string) return wrong("a string");
            if (type.length && utf8_length(v.text) > static_cast<size_t>(*type.length))
                fail(pointer, v, "a string of " + std::to_string(utf8_length(v.text)) + " characters is longer than column '" +
                                     col.name + "' (" + type_text(type) + ") allows");
            return v.text;
        case TypeFamily::boolean:
            if (v.kind != Node::Kind::boolean) return wrong("true or false");
            return v.boolean;
        case TypeFamily::date:
            if (v.kind == Node::Kind::string)
                if (auto d = Value::parse_date(v.text)) return *d;
            return wrong("an ISO-8601 date (YYYY-MM-DD)");
        case TypeFamily::datetime:
            if (v.kind == Node::Kind::string)
                if (auto d = Value::parse_datetime(v.text)) return *d;
            return wrong("an ISO-8601 date and time (YYYY-MM-DDTHH:MM:SS[.ffffff])");
        case TypeFamily::time:
            if (v.kind == Node::Kind::string)
                if (auto d = Value::parse_time(v.text)) return *d;
            return wrong("an ISO-8601 time (HH:MM[:SS[.ffffff]])");
        case TypeFamily::json: return Value::json(v.to_json());
        case TypeFamily::enumeration: {
            if (v.kind != Node::Kind::string) return wrong("a string");
            const auto& values = type.enum_spec ? type.enum_spec->values : std::vector<std::string>{};
            if (std::find(values.begin(), values.end(), v.text) == values.end()) {
                std::string list;
                for (const auto& e : values) list += (list.empty() ? "'" : ", '") + e + "'";
                fail(pointer, v, "'" + v.text + "' is not a member of column '" + col.name + "''s enum (" + list + ")");
            }
            return v.text;
        }
        case TypeFamily::bytes: {
            if (v.kind != Node::Kind::string) return wrong("a base64 string");
            auto b = base64_decode(v.text);
            if (!b) fail(pointer, v, "not valid base64 for column '" + col.name + "'");
            return Value::bytes(*b);
        }
        case TypeFamily::uuid:
            if (v.kind != Node::Kind::string) return wrong("a UUID string");
            return v.text;
        default:
            if (v.kind != Node::Kind::string) return wrong("a string");
            return v.text;
    }
}

void Seeder::link_one(const ObjectPtr& obj, const RelationshipProperty& r, const Node& v, const std::string& pointer) {
    ObjectPtr target;
    if (v.kind == Node::Kind::string) {
        if (v.text.empty() || v.text[0] != '@')
            fail(pointer, v, "a relationship takes a record, an \"@alias\" or {\"$ref\": {...}}, got the string '" + v.text + "'");
        pending_refs_.push_back({obj, &r, v.text.substr(1), v, pointer, source_});
        return;
    }
    if (v.kind == Node::Kind::object) target = record(*r.target, v, pointer);
    else if (v.kind == Node::Kind::null && !r.uselist) target = nullptr;
    else fail(pointer, v, "a relationship takes a record, an \"@alias\" or {\"$ref\": {...}}, got " + v.type_name());
    if (r.uselist) obj->append(r, target);
    else obj->set_related(r, target);
}

void Seeder::link(const ObjectPtr& obj, const RelationshipProperty& r, const Node& v, const std::string& pointer) {
    if (r.uselist) {
        if (v.kind != Node::Kind::array)
            fail(pointer, v, "'" + obj->mapper().class_name() + "." + r.key + "' is a collection: expected an array, got " + v.type_name());
        for (size_t i = 0; i < v.items.size(); ++i) link_one(obj, r, v.items[i], pointer + "/" + std::to_string(i));
    } else {
        link_one(obj, r, v, pointer);
    }
}

ObjectPtr Seeder::record(const Mapper& m, const Node& node, const std::string& pointer) {
    if (node.kind != Node::Kind::object) fail(pointer, node, "expected a " + m.class_name() + " record (an object), got " + node.type_name());
    counts(m.class_name());
    if (options_.progress && ++records_ % 1000 == 0) options_.progress(records_, false);
    if (const Node* ref = node.member("$ref")) {
        if (node.members.size() != 1) fail(pointer, node, "a {\"$ref\": ...} object takes no other keys");
        return lookup_ref(m, *ref, pointer + "/$ref");
    }
    // Columns first, checked; relationships after the object exists.
    std::map<size_t, Value> values;
    std::vector<std::pair<const RelationshipProperty*, const std::pair<std::string, Node>*>> rels;
    const Node* alias = nullptr;
    for (const auto& member : node.members) {
        const auto& [key, v] = member;
        std::string ptr = pointer + "/" + pointer_token(key);
        if (key == "$id") {
            if (v.kind != Node::Kind::string || v.text.empty()) fail(ptr, v, "$id takes a non-empty string");
            if (aliases_.count(v.text)) fail(ptr, v, "$id '" + v.text + "' is already used by another record");
            alias = &v;
        } else if (const auto* a = m.column(key)) {
            values[a->index] = convert(*a->column, v, ptr);
        } else if (const auto* r = m.relationship(key)) {
            rels.push_back({r, &member});
        } else {
            std::string valid;
            for (const auto& k : m.attribute_order()) valid += (valid.empty() ? "" : ", ") + k;
            fail(ptr, v, "'" + m.class_name() + "' has no attribute '" + key + "' (it has: " + valid + ")");
        }
    }
    // A conflict on the primary key or a unique constraint, with this run's records or the database.
    ObjectPtr obj;
    std::vector<std::vector<size_t>> key_columns;
    auto keys = unique_keys(m, values, &key_columns);
    for (size_t k = 0; k < keys.size() && !obj; ++k) {
        if (auto it = seen_keys_.find(keys[k]); it != seen_keys_.end()) { obj = it->second; break; }
        std::vector<std::pair<std::string, Value>> criteria;
        for (size_t i : key_columns[k]) criteria.push_back({m.columns()[i].key, values[i]});
        auto found = session_.filter_by(m, criteria, 1);
        if (!found.empty()) obj = found[0];
    }
    bool is_new = !obj;
    if (obj) {
        if (options_.on_conflict == OnConflict::error) {
            std::string shown;
            for (const auto& [i, v] : values) shown += (shown.empty() ? "" : ", ") + m.columns()[i].key + "=" + v.repr();
            auto loc = Document{source_, {}}.location(node.offset);
            throw DatabaseError(source_->name() + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) + ": " +
                                pointer + ": a " + m.class_name() + " with the same primary key or unique columns already exists (" +
                                shown + "); use --on-conflict skip or update");
        }
        if (created_.count(obj.get())) {
            // The same row twice in this run: the later record wins under update.
        }
        if (options_.on_conflict == OnConflict::update) {
            for (const auto& [i, v] : values) obj->set(i, v);
            if (!created_.count(obj.get())) matched_for_update_[m.class_name()]++;
        } else if (!created_.count(obj.get())) {
            counts(m.class_name()).skipped++;
        }
    } else {
        obj = std::make_shared<Object>(m);
        for (const auto& [i, v] : values) {
            obj->set(i, v);
            if (m.table().autoincrement_column() == m.columns()[i].column && !v.is_null()) explicit_keys_.insert(&m.table());
        }
        session_.add(obj);
        created_[obj.get()] = {pointer, node.offset, source_.get()};
        created_order_.push_back(obj);
    }
    for (const auto& key : keys) seen_keys_.emplace(key, obj);
    if (alias) aliases_[alias->text] = obj;
    for (const auto& [r, member] : rels) {
        // A skipped row keeps its own references; its nested children still load.
        if (!is_new && options_.on_conflict == OnConflict::skip && !r->uselist) continue;
        link(obj, *r, member->second, pointer + "/" + pointer_token(member->first));
    }
    return obj;
}

void Seeder::check_not_null() {
    // Children in a parent's one-to-many collection get their key from it.
    std::map<const Object*, std::set<size_t>> from_parents;
    for (const auto& obj : created_order_)
        for (const auto& r : obj->mapper().relationships())
            if (r->direction == session::Direction::one_to_many)
                for (const auto& child : obj->collection(*r))
                    for (auto [from, to] : r->sync_pairs) from_parents[child.get()].insert(to);
    for (const auto& obj : created_order_) {
        const Mapper& m = obj->mapper();
        std::set<size_t> covered = from_parents[obj.get()];
        for (const auto& r : m.relationships())
            if (r->direction == session::Direction::many_to_one && obj->related(*r))
                for (auto [from, to] : r->sync_pairs) covered.insert(to);
        for (const auto& c : m.columns()) {
            const auto& col = *c.column;
            if (col.nullable || obj->has(c.index) || covered.count(c.index) || col.default_value || col.server_default)
                continue;
            if (m.table().autoincrement_column() == &col) continue;
            const auto& info = created_.at(obj.get());
            auto src = source_;
            throw InputError(info.pointer + ": missing value for NOT NULL column '" + col.name + "' of " + m.class_name(),
                             src, Document{src, {}}.location(info.offset));
        }
    }
}

SeedSummary Seeder::run(const std::vector<SeedInput>& inputs) {
    for (const auto& in : inputs) {
        source_ = in.source;
        if (!in.ndjson) {
            Document doc = parse_document(in.source);
            top_level(doc.root, "", false);
        } else {
            const std::string& t = in.source->text();
            size_t pos = 0, line = 0;
            while (pos < t.size()) {
                size_t nl = t.find('\n', pos);
                if (nl == std::string::npos) nl = t.size();
                ++line;
                if (t.find_first_not_of(" \t\r", pos) < nl) {
                    Node n = parse_value_at(in.source, pos, nl);
                    top_level(n, "", true);
                }
                pos = nl + 1;
            }
        }
        for (auto& ref : pending_refs_) {
            auto it = aliases_.find(ref.alias);
            if (it == aliases_.end()) {
                source_ = ref.source;
                fail(ref.pointer, ref.node, "no record has \"$id\": \"" + ref.alias + "\"");
            }
            if (&it->second->mapper() != ref.rel->target) {
                source_ = ref.source;
                fail(ref.pointer, ref.node, "'@" + ref.alias + "' is a " + it->second->mapper().class_name() + ", but '" +
                                                ref.rel->parent->class_name() + "." + ref.rel->key + "' takes a " +
                                                ref.rel->target->class_name());
            }
            if (ref.rel->uselist) ref.obj->append(*ref.rel, it->second);
            else ref.obj->set_related(*ref.rel, it->second);
        }
        pending_refs_.clear();
    }
    check_not_null();
    session_.flush();
    const auto& flushed = session_.last_flush();
    for (auto& [name, c] : counts_) {
        if (auto it = flushed.inserted.find(name); it != flushed.inserted.end()) c.inserted = it->second;
        size_t updated = 0;
        if (auto it = flushed.updated.find(name); it != flushed.updated.end()) updated = it->second;
        c.updated = std::min(updated, matched_for_update_[name]);
        c.skipped += matched_for_update_[name] - c.updated;
    }
    // PostgreSQL: keys given explicitly leave the serial sequence behind; move it past them.
    if (session_.engine().name() == "postgresql") {
        auto& conn = session_.connection();
        for (const auto* t : explicit_keys_) {
            const auto* col = t->autoincrement_column();
            std::string qt = session::quote_table(*t), qc = session::quote_identifier(col->name);
            conn.query("SELECT setval(pg_get_serial_sequence($1, $2), (SELECT max(" + qc + ") FROM " + qt + "))",
                       {qt, col->name})->close();
        }
    }
    if (options_.dry_run) session_.rollback();
    else session_.commit();
    if (options_.progress) options_.progress(records_, true);
    SeedSummary s;
    s.classes = counts_;
    s.dry_run = options_.dry_run;
    return s;
}

}  // namespace

bool is_ndjson_name(const std::string& name) {
    return name.ends_with(".ndjson") || name.ends_with(".jsonl");
}

ClassCounts SeedSummary::total() const {
    ClassCounts t;
    for (const auto& [n, c] : classes) {
        t.inserted += c.inserted;
        t.updated += c.updated;
        t.skipped += c.skipped;
    }
    return t;
}

nlohmann::json SeedSummary::to_json() const {
    auto j = nlohmann::json::object();
    j["dry_run"] = dry_run;
    auto cls = nlohmann::ordered_json::object();
    auto arr = nlohmann::json::array();
    for (const auto& [n, c] : classes)
        arr.push_back({{"class", n}, {"inserted", c.inserted}, {"updated", c.updated}, {"skipped", c.skipped}});
    j["classes"] = arr;
    auto t = total();
    j["total"] = {{"inserted", t.inserted}, {"updated", t.updated}, {"skipped", t.skipped}};
    return j;
}

std::string SeedSummary::to_text() const {
    std::string out;
    auto line = [](const std::string& name, const ClassCounts& c) {
        return name + ": " + std::to_string(c.inserted) + " inserted, " + std::to_string(c.updated) + " updated, " +
               std::to_string(c.skipped) + " skipped\n";
    };
    for (const auto& [n, c] : classes) out += line(n, c);
    out += line("total", total());
    if (dry_run) out += "dry run: rolled back, nothing was written\n";
    return out;
}

SeedSummary seed(engine::Engine engine, const session::Registry& registry, const std::vector<SeedInput>& inputs,
                 const SeedOptions& options) {
    Seeder seeder(std::move(engine), registry, options);
    return seeder.run(inputs);
}

}  // namespace orm::seed
