// The seeder's inner workings, shared by seeder.cpp (records, references,
// flushes) and seeder_input.cpp (reading JSON documents, NDJSON and stdin).
// Internal to seed/: the API is seeder.hpp.
#pragma once

#include <charconv>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "orm/seed/convert.hpp"
#include "orm/core/json_document.hpp"
#include "orm/seed/lines.hpp"
#include "orm/seed/seeder.hpp"
#include "orm/seed/string_map.hpp"
#include "orm/session/session.hpp"

namespace orm::seed::detail {

using session::Direction;
using session::Mapper;
using session::Object;
using session::ObjectPtr;
using session::RelationshipProperty;
using session::Value;


// The JSON pointer of the value being read, kept as a stack of tokens (the
// keys live in the record being read) and spelled out only for a message.
class Path {
public:
    void push(const std::string& key) { parts_.push_back({&key, 0}); }
    void push(size_t index) { parts_.push_back({nullptr, index}); }
    void pop() { parts_.pop_back(); }
    std::string str() const {
        if (parts_.empty()) return "/";
        std::string out;
        for (const auto& p : parts_) {
            out += '/';
            if (p.key) {
                json::append_pointer_token(out, *p.key);
            } else {
                char digits[24];
                out.append(digits, std::to_chars(digits, digits + sizeof digits, p.index).ptr);
            }
        }
        return out;
    }

private:
    struct Part {
        const std::string* key;
        size_t index;
    };
    std::vector<Part> parts_;
};

// One more token on the path for the enclosing scope.
class Step {
public:
    template <class T>
    Step(Path& path, const T& token) : path_(path) {
        path_.push(token);
    }
    ~Step() { path_.pop(); }
    Step(const Step&) = delete;
    Step& operator=(const Step&) = delete;

private:
    Path& path_;
};

// A place in the input remembered for a message raised later (a forward
// "@alias" left dangling, a NOT NULL column another record may still fill).
struct Place {
    std::shared_ptr<const Text> text;
    size_t offset = 0;
    std::string pointer;
    [[noreturn]] void fail(const std::string& message) const { text->fail_at(pointer, message, offset); }
};

// What the seeder works out once per mapped class.
struct ClassPlan {
    const Mapper* mapper = nullptr;
    size_t counts = 0;   // index into Seeder::counts_
    // Column sets that identify a row: the primary key, unique constraints and
    // unique indexes on plain columns (as column indexes).
    std::vector<std::vector<size_t>> key_sets;
    // NOT NULL columns a record must fill (no default, not generated), and for
    // each the relationships whose foreign keys fill it.
    std::vector<size_t> required;
    // required column -> many-to-one relationships filling it; -> one-to-many
    // relationships (of other classes) whose parents fill it.
    std::unordered_map<size_t, std::vector<const RelationshipProperty*>> filled_by, filled_by_parent;
    size_t autoincrement = SIZE_MAX;
    size_t matched_for_update = 0;
    std::vector<bool> foreign_key_column;   // by column index: part of a foreign key
    // By the table's foreign keys: their column indexes (empty when one is not mapped).
    std::vector<std::vector<size_t>> foreign_keys;
};

// A record given "$id": its class, and the object until its batch is
// flushed, then only its primary key (one integer, or the values).
struct AliasTarget {
    const Mapper* mapper = nullptr;
    ObjectPtr object;
    std::int64_t id = 0;
    std::unique_ptr<std::vector<Value>> key;   // a key that is not one integer
};

// A record's primary key / unique values seen in this run.
struct SeenKey {
    const Mapper* mapper = nullptr;
    ObjectPtr object;        // until its batch is flushed
    std::vector<Value> key;  // then its primary key
    bool created = false;    // inserted by this run (not a row that was there)
};

// An "@alias" to a record not read yet.
struct WaitingRef {
    ObjectPtr object;
    const RelationshipProperty* rel;
    Place place;
    size_t order;
};

inline bool owning_side(const RelationshipProperty& r) {
    // The side whose collection the unit of work writes association rows from.
    return !r.is_backref && (!r.reverse || r.reverse->is_backref || &r < r.reverse);
}

class Seeder {
public:
    Seeder(engine::Engine engine, const session::Registry& registry, const SeedOptions& options)
        : session_(std::move(engine), registry),
          registry_(registry),
          options_(options),
          sized_integers_(session_.engine().dialect().enforces_integer_widths()) {}

    SeedSummary run(const std::vector<SeedInput>& inputs);

private:
    [[noreturn]] void fail(size_t offset, const std::string& message) const {
        text_->fail_at(path_.str(), message, offset);
    }
    Place place(size_t offset) const { return {text_, offset, path_.str()}; }
    ClassPlan& plan_for(const Mapper& m);
    ClassPlan& class_for(const std::string& key, size_t offset);
    void read_document(const std::shared_ptr<const SourceFile>& file);
    void read_ndjson(LineReader& lines, const std::string& name);
    void read_stdin();
    void line(const std::string& name, int line_no, std::string text);
    void top_record(ClassPlan& plan, Node& node);
    ObjectPtr record(ClassPlan& plan, Node& node, const RelationshipProperty* via);
    ObjectPtr lookup_ref(const Mapper& m, Node& ref);
    // The relationships a record of `m` gives (`is_new`: not a row matched by --on-conflict).
    void link_relationships(const Mapper& m, const ObjectPtr& obj, Node& node, bool is_new);
    void link(const ObjectPtr& obj, const RelationshipProperty& r, Node& v);
    void link_one(const ObjectPtr& obj, const RelationshipProperty& r, Node& v);
    void attach(const ObjectPtr& obj, const RelationshipProperty& r, const ObjectPtr& target);
    // `saved`: the reference's remembered place, or null for the reference
    // being read now (at `offset`; its place is worked out only for a message).
    void connect(const ObjectPtr& obj, const RelationshipProperty& r, const std::string& alias, const AliasTarget& a,
                 const Place* saved, size_t offset = 0);
    // `target`: the entry made for `name` when its "$id" was read.
    void define_alias(const std::string& name, AliasTarget& target, const ObjectPtr& obj);
    void check_required(const ClassPlan& plan, const ObjectPtr& obj, const Node& node, const RelationshipProperty* via,
                        bool has_alias);
    void check_deferred();
    void end_of_input();
    void flush();
    // A record of a class with neither key nor unique value under skip/update.
    void no_conflict_key(const Mapper& m, const Node& node);
    // `e`, from writing this batch, with the place of the record that failed:
    // the batch's only record, or the one holding the key the server names.
    [[noreturn]] void fail_flush(const dialect::DriverError& e) const;
    // For a record that gave a foreign-key column a value: the database is
    // to check the keys, and `obj` (read at `offset`; `is_new` or updated)
    // is remembered as the first record giving its keys' values, for those
    // it gave itself (not filled by a relationship).
    void note_key_origin(const ClassPlan& plan, const Object& obj, size_t offset, const RelationshipProperty* via,
                         bool is_new);
    // `e`, a key broken at the end of the bulk load, with the place of the
    // first record that gave a value breaking it (rethrown as it is when no
    // record did).
    [[noreturn]] void fail_breach(const dialect::ForeignKeyViolation& e) const;
    std::vector<Value> primary_key(const Object& o) const;
    // Unique keys of `obj`'s given values (NULLs never conflict), with the column set of each.
    void unique_keys(const ClassPlan& plan, const Object& obj, std::vector<std::pair<std::string, const std::vector<size_t>*>>& out) const;
    // Whether keys_all_seen_ holds for m's table (asked of the database the first time).
    bool keys_all_seen(const Mapper& m);

    session::Session session_;
    const session::Registry& registry_;
    SeedOptions options_;
    const bool sized_integers_;   // see convert_value
    std::shared_ptr<const Text> text_;   // what is being read now
    Path path_;
    std::unordered_map<const Mapper*, ClassPlan> plans_;
    std::unordered_map<std::string, ClassPlan*> class_keys_;
    std::vector<std::pair<std::string, ClassCounts>> counts_;
    std::map<std::string, size_t> inserted_, updated_;   // per class name, over every flush
    size_t records_ = 0;
    // Bytes of the inputs finished, and of the one being read (a document's
    // offset after its last record; an NDJSON input's lines so far).
    size_t bytes_before_ = 0, bytes_in_ = 0;
    void report_progress(bool done) {
        if (options_.progress) options_.progress({records_, bytes_before_ + bytes_in_, done});
    }

    StringMap<AliasTarget> aliases_;
    std::vector<AliasTarget*> batch_aliases_;   // defined since the last flush
    std::unordered_map<std::string, std::vector<WaitingRef>> waiting_;
    size_t waiting_count_ = 0, waiting_order_ = 0;
    // (object, relationship) pairs of this batch filled by a waiting reference.
    std::set<std::pair<const Object*, const RelationshipProperty*>> filled_later_;
    std::unordered_map<std::string, ObjectPtr> ref_cache_;
    std::unordered_map<std::string, SeenKey> seen_keys_;
    // Tables whose every row is a record of this run with all its keys in
    // seen_keys_: empty when first looked at (one query), and no record
    // since left a key column to the database. Their conflicts need no query.
    std::unordered_map<const schema::Table*, bool> keys_all_seen_;
    std::vector<SeenKey*> batch_seen_;
    // The records inserted since the last flush and where each was read.
    std::vector<std::pair<ObjectPtr, Place>> batch_records_;
    std::set<const Mapper*> warned_no_key_;
    // NOT NULL foreign keys another record may still fill (through "@alias" in
    // a one-to-many collection), checked before the batch is flushed.
    struct Deferred {
        ObjectPtr object;
        size_t column;
        Place place;
    };
    std::vector<Deferred> deferred_;
    std::set<const Object*> adopted_;   // objects put into a one-to-many collection through an alias
    size_t pending_objects_ = 0;
    size_t flush_at_ = 0;   // pending objects at which the next flush is tried
    std::set<const schema::Table*> explicit_keys_;   // tables given autoincrement values explicitly
    // Foreign-key values records gave (table, key, values as the database
    // prints them) and the first record that gave each, with its place in
    // the reading order: a key broken at the end of a bulk load names it.
    struct KeyOrigin {
        size_t order;
        Place place;
    };
    std::unordered_map<std::string, KeyOrigin> key_origins_;
    // Whether every foreign-key value written so far came from a row this
    // run inserted or read (a relationship, an "@alias", a $ref), with no row
    // updated or deleted: then no row can break a key, and the database need
    // not check them again (see dialect::Connection::end_bulk_load). A key
    // column given in a record, or filled by a default, is the database's to check.
    bool references_known_ = true;
};

}  // namespace orm::seed::detail
