// Mappers: a mapped class's attributes, primary key and configured
// relationships, built from the declarative reader's MapperConfig and the
// schema (SQLAlchemy's Mapper / RelationshipProperty / configure_mappers).
//
// Contracts:
// - Column attributes are in declaration order (inherited ones first); each
//   knows its attribute key and its Column (database name, type, defaults).
// - Relationships are configured as SQLAlchemy does: direction from the
//   foreign keys (restricted by foreign_keys=), secondary tables for
//   many-to-many, backref creating the reverse property, back_populates
//   linking two. What SQLAlchemy rejects is an InputError at the
//   relationship's file:line, carrying SQLAlchemy's exception name and meaning.
// - A Registry configures lazily: building one never throws for a broken
//   relationship; configure() (called by every user of mappers) does.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "orm/core/source.hpp"
#include "orm/schema/table.hpp"
#include "orm/session/mapper_config.hpp"

namespace orm::session {

class Mapper;

struct ColumnAttribute {
    std::string key;                  // the attribute name
    const schema::Column* column;     // name, type, defaults
    size_t index;                     // position in Mapper::columns()
};

enum class Direction { many_to_one, one_to_many, many_to_many };
const char* direction_name(Direction d);

struct Cascade {
    bool save_update = true;
    bool merge = true;
    bool delete_ = false;
    bool delete_orphan = false;
};
// Parses SQLAlchemy's cascade string ("all, delete-orphan"); throws InputError at `loc` for unknown words.
Cascade parse_cascade(const std::string& text, const std::shared_ptr<const SourceFile>& file, SourceLocation loc);

struct RelationshipProperty {
    std::string key;
    const Mapper* parent = nullptr;
    const Mapper* target = nullptr;
    Direction direction = Direction::many_to_one;
    bool uselist = false;
    Cascade cascade;
    // Column pairs the unit of work copies along: (referred column index,
    // referring column index). many_to_one: referred on target, referring on
    // parent; one_to_many: referred on parent, referring on target.
    std::vector<std::pair<size_t, size_t>> sync_pairs;
    // many_to_many: the association table and, for each side, (pk column index
    // on that side's mapper, column name in the secondary table).
    const schema::Table* secondary = nullptr;
    std::vector<std::pair<size_t, std::string>> secondary_parent;
    std::vector<std::pair<size_t, std::string>> secondary_target;
    const RelationshipProperty* reverse = nullptr;  // the backref / back_populates partner
    bool is_backref = false;          // created by the partner's backref=
    size_t index = 0;                 // position in Mapper::relationships()
    SourceLocation loc;
};

class Mapper {
public:
    const std::string& class_name() const { return class_name_; }
    const schema::Table& table() const { return *table_; }
    const std::vector<ColumnAttribute>& columns() const { return columns_; }
    // Indexes into columns(), in primary key order.
    const std::vector<size_t>& primary_key() const { return primary_key_; }
    const std::vector<std::unique_ptr<RelationshipProperty>>& relationships() const { return relationships_; }
    // Attribute keys (columns and relationships) in declaration order, backrefs last.
    const std::vector<std::string>& attribute_order() const { return attribute_order_; }

    const ColumnAttribute* column(const std::string& key) const;
    const ColumnAttribute* column_by_name(const std::string& column_name) const;
    const RelationshipProperty* relationship(const std::string& key) const;
    // SQLAlchemy's str(mapper): "Mapper[Customer(customers)]".
    std::string describe() const;

private:
    friend class Registry;
    std::string class_name_;
    const schema::Table* table_ = nullptr;
    std::vector<ColumnAttribute> columns_;
    std::vector<size_t> primary_key_;
    std::vector<std::unique_ptr<RelationshipProperty>> relationships_;
    std::vector<std::string> attribute_order_;
    std::vector<std::string> declared_order_;
    const MapperConfig* config_ = nullptr;
};

// All mappers of one models file.
class Registry {
public:
    // Keeps references to `metadata` and `configs`: they must outlive the registry.
    Registry(const schema::MetaData& metadata, const std::vector<MapperConfig>& configs,
             std::shared_ptr<const SourceFile> source = nullptr);
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;

    // Configures every relationship (once); throws InputError for the first broken one.
    void configure() const;
    // The mapper of a class name; nullptr when unknown. Configures first.
    const Mapper* mapper(const std::string& class_name) const;
    // The mapper of a table's fullname: its mapped class's, or (for a table
    // no class maps, such as an association table) a plain mapper of its
    // columns named after the table. nullptr when there is no such table.
    const Mapper* mapper_for_table(const std::string& fullname) const;
    // Mapped classes in definition order.
    std::vector<const Mapper*> mappers() const;
    const schema::MetaData& metadata() const { return metadata_; }

private:
    void build() ;
    void configure_relationship(Mapper& m, const RelationshipConfig& rc) const;
    // The foreign keys a relationship may join on: those of `from` referring
    // to `to`, limited to the relationship's foreign_keys= when it gives them.
    using ForeignKeys = std::vector<const schema::ForeignKeyConstraint*>;
    ForeignKeys foreign_keys_between(const schema::Table& from, const schema::Table& to,
                                     const std::optional<std::set<std::string>>& only) const;
    // The join of a relationship through its secondary (association) table, into `prop`.
    void join_through_secondary(RelationshipProperty& prop, const RelationshipConfig& rc,
                                const std::optional<std::set<std::string>>& only) const;
    // The join of a many-to-one or one-to-many relationship, into `prop`.
    void join_directly(RelationshipProperty& prop, const RelationshipConfig& rc,
                       const std::optional<std::set<std::string>>& only) const;
    // backref="name": the reverse property on the target, mirroring `forward`.
    void add_backref(Mapper& m, Mapper& target, const RelationshipConfig& rc, RelationshipProperty& forward) const;
    [[noreturn]] void fail(const std::string& message, SourceLocation loc) const;
    const schema::MetaData& metadata_;
    const std::vector<MapperConfig>& configs_;
    std::shared_ptr<const SourceFile> source_;
    std::vector<std::unique_ptr<Mapper>> mappers_;
    std::map<std::string, Mapper*> by_name_;
    mutable std::map<std::string, std::unique_ptr<Mapper>> table_mappers_;
    mutable bool configured_ = false;
};

}  // namespace orm::session
