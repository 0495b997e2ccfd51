#include "cli/commands/diff_text.hpp"

#include <nlohmann/json.hpp>

namespace orm::cli {

namespace {

using nlohmann::json;

std::string list(const json& values, const std::string& separator = ", ") {
    std::string out;
    if (!values.is_array()) return values.is_string() ? values.get<std::string>() : values.dump();
    for (const auto& v : values) out += (out.empty() ? "" : separator) + (v.is_string() ? v.get<std::string>() : v.dump());
    return out;
}

std::string quoted_list(const json& values) {
    std::string out;
    for (const auto& v : values) out += std::string(out.empty() ? "" : ", ") + "'" + v.get<std::string>() + "'";
    return out;
}

// A value in "old -> new": text as it is, absence as "none".
std::string shown(const json& v) {
    if (v.is_null()) return "none";
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    return v.is_string() ? v.get<std::string>() : v.dump();
}

// "sku VARCHAR(20) NULL" from {"name", "type", "nullable"}.
std::string column_text(const json& c) {
    return c["name"].get<std::string>() + " " + c["type"].get<std::string>() +
           (c["nullable"].get<bool>() ? " NULL" : " NOT NULL");
}

std::string named(const char* what, const std::optional<std::string>& name) {
    return std::string(what) + (name ? " " + *name : "");
}

std::string foreign_key_text(const migrate::Operation& op, const json& fk) {
    std::string out = named("foreign key", op.name) + " " + op.table + " (" + list(fk["columns"]) + ") -> " +
                      fk["referred_table"].get<std::string>() + " (" + list(fk["referred_columns"]) + ")";
    if (fk["ondelete"] != "NO ACTION") out += " ON DELETE " + fk["ondelete"].get<std::string>();
    if (fk["onupdate"] != "NO ACTION") out += " ON UPDATE " + fk["onupdate"].get<std::string>();
    return out;
}

std::string index_text(const migrate::Operation& op, const json& ix) {
    return std::string(ix["unique"].get<bool>() ? "unique index " : "index ") + op.name.value_or("") + " on " + op.table +
           " (" + list(ix["expressions"]) + ")";
}

// What changes on a column or table: "type A -> B", "NULL -> NOT NULL", ...
std::string change_text(const migrate::Operation& op) {
    const std::string& k = op.kind;
    if (k == "modify_type") return "type " + shown(op.old_value) + " -> " + shown(op.new_value);
    if (k == "modify_nullable")
        return std::string(op.old_value.get<bool>() ? "NULL" : "NOT NULL") + " -> " +
               (op.new_value.get<bool>() ? "NULL" : "NOT NULL");
    if (k == "modify_default") return "server default " + shown(op.old_value) + " -> " + shown(op.new_value);
    if (k == "modify_comment" || k == "modify_table_comment")
        return "comment " + shown(op.old_value) + " -> " + shown(op.new_value);
    if (k == "modify_primary_key") return "primary key (" + list(op.old_value) + ") -> (" + list(op.new_value) + ")";
    return k + " " + shown(op.old_value) + " -> " + shown(op.new_value);
}

std::string sentence(const migrate::Operation& op) {
    const std::string& k = op.kind;
    const std::string column = op.table + "." + op.column.value_or("");
    if (k == "add_table") {
        std::string cols;
        for (const auto& c : op.new_value["columns"]) cols += (cols.empty() ? "" : ", ") + column_text(c);
        return "table " + op.table + " (" + cols + ")";
    }
    if (k == "remove_table") {
        size_t n = op.old_value["columns"].size();
        return "drop table " + op.table + " with " + std::to_string(n) + (n == 1 ? " column" : " columns");
    }
    if (k == "rename_table") return "rename table " + shown(op.old_value) + " to " + shown(op.new_value);
    if (k == "add_column") return "column " + op.table + "." + column_text(op.new_value);
    if (k == "remove_column") return "drop column " + op.table + "." + column_text(op.old_value);
    if (k == "rename_column") return "rename column " + op.table + "." + shown(op.old_value) + " to " + shown(op.new_value);
    if (k.rfind("modify_", 0) == 0 && op.column) return "column " + column + ": " + change_text(op);
    if (k == "modify_table_comment" || k == "modify_primary_key") return "table " + op.table + ": " + change_text(op);
    if (k == "add_constraint" || k == "remove_constraint") {
        const json& v = k == "add_constraint" ? op.new_value : op.old_value;
        return named("unique constraint", op.name) + " on " + op.table + " (" + list(v["columns"]) + ")";
    }
    if (k == "add_fk") return foreign_key_text(op, op.new_value);
    if (k == "remove_fk") return foreign_key_text(op, op.old_value);
    if (k == "add_check") return named("check constraint", op.name) + " on " + op.table + ": " + shown(op.new_value["sqltext"]);
    if (k == "remove_check") return named("check constraint", op.name) + " on " + op.table + ": " + shown(op.old_value["sqltext"]);
    if (k == "add_index") return index_text(op, op.new_value);
    if (k == "remove_index") return index_text(op, op.old_value);
    if (k == "add_enum") return "enum type " + op.name.value_or("") + " (" + quoted_list(op.new_value) + ")";
    if (k == "remove_enum") return "enum type " + op.name.value_or("") + " (" + quoted_list(op.old_value) + ")";
    if (k == "modify_enum")
        return "enum type " + op.name.value_or("") + ": (" + quoted_list(op.old_value) + ") -> (" + quoted_list(op.new_value) + ")";
    return migrate::describe(op).substr(2);   // a kind this renderer does not know yet
}

// Why a destructive operation is marked "!".
std::string risk(const migrate::Operation& op) {
    if (op.kind == "remove_table" || op.kind == "remove_column") return " (data loss)";
    if (op.kind == "add_column") return " without a server default (fails on a table with rows)";
    if (op.kind == "modify_nullable") return " (fails if a row holds NULL)";
    if (op.kind == "modify_enum") return " (rows holding a removed value are stranded)";
    return " (may lose data)";
}

}  // namespace

std::string diff_line(const migrate::Operation& op) {
    if (op.destructive) return "! " + sentence(op) + risk(op);
    const bool adds = op.kind.rfind("add_", 0) == 0;
    const bool removes = op.kind.rfind("remove_", 0) == 0;
    return std::string(adds ? "+ " : removes ? "- " : "~ ") + sentence(op);
}

}  // namespace orm::cli
