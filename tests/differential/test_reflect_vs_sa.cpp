// orm's reflection (orm inspect --format json) against SQLAlchemy 1.4's
// inspector (sa_reflect.py) on the same database, for every models file on
// each of its dialects: both documents are projected onto what both tools
// report, then must be equal. Where they differ by design, the projection
// says so:
// - a SERIAL column: SQLAlchemy reports its nextval('...') default, orm
//   reports autoincrement (the default is the serial's own, not the model's);
// - array dimensions: SQLAlchemy 1.4 reflects ARRAY(T) whatever the
//   column's declared dimensions; orm keeps them (FLOAT[][] rebuilds as
//   FLOAT[][]), so orm's "T[][]" is compared as "T[]";
// - indexes: SQLAlchemy 1.4 skips expression indexes (sa_reflect.py adds
//   them back by name from the database's definition), so columns are
//   compared only for indexes of plain columns;
// - the indexes behind PRIMARY KEY / UNIQUE constraints are the constraints
//   in orm, as SQLAlchemy's get_indexes also hides them (sa_reflect.py lists
//   them from the definitions: dropped here).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "differential/diff_support.hpp"

using namespace orm_diff;
using nlohmann::json;
using orm_test::run_orm;
using orm_test::TempDir;

namespace {

json sorted(json items) {
    std::sort(items.begin(), items.end(), [](const json& a, const json& b) { return a.dump() < b.dump(); });
    return items;
}

json sa_projection(const json& doc) {
    json out = {{"tables", json::object()}};
    for (const auto& [name, t] : doc["tables"].items()) {
        json table;
        json columns = json::array();
        for (const auto& c : t["columns"]) {
            json def = c["default"];
            if (def.is_string() && def.get<std::string>().rfind("nextval(", 0) == 0) def = nullptr;
            columns.push_back({{"name", c["name"]}, {"type", c["type"]}, {"nullable", c["nullable"]},
                               {"default", def}, {"comment", c["comment"]}});
        }
        table["columns"] = columns;
        table["comment"] = t["comment"];
        table["primary_key"] = t["primary_key"];
        json fks = json::array();
        for (const auto& fk : t["foreign_keys"]) {
            json options = json::object();
            for (const char* k : {"ondelete", "onupdate", "initially", "match"})
                if (fk["options"].contains(k)) options[k] = fk["options"][k];
            if (fk["options"].contains("deferrable")) options["deferrable"] = fk["options"]["deferrable"];
            fks.push_back({{"name", fk["name"]}, {"columns", fk["columns"]}, {"referred_table", fk["referred_table"]},
                           {"referred_columns", fk["referred_columns"]}, {"options", options}});
        }
        table["foreign_keys"] = sorted(fks);
        table["unique_constraints"] = sorted(t["unique_constraints"]);
        table["check_constraints"] = sorted(t["check_constraints"]);
        std::set<std::string> constraint_names;
        if (t["primary_key"]["name"].is_string()) constraint_names.insert(t["primary_key"]["name"]);
        for (const auto& uq : t["unique_constraints"])
            if (uq["name"].is_string()) constraint_names.insert(uq["name"]);
        json indexes = json::array();
        for (const auto& ix : t["indexes"]) {
            if (ix.contains("automatic") || ix.contains("duplicates_constraint")) continue;
            if (constraint_names.count(ix["name"].get<std::string>())) continue;
            const std::string def = ix.value("definition", std::string());
            json entry = {{"name", ix["name"]},
                          {"unique", ix.contains("unique") ? ix["unique"].get<bool>()
                                                           : def.rfind("CREATE UNIQUE", 0) == 0}};
            if (ix.contains("columns") && std::none_of(ix["columns"].begin(), ix["columns"].end(),
                                                       [](const json& c) { return c.is_null(); }))
                entry["columns"] = ix["columns"];
            indexes.push_back(entry);
        }
        table["indexes"] = sorted(indexes);
        out["tables"][name] = table;
    }
    if (doc.contains("enums")) {
        json enums = json::array();
        for (const auto& e : doc["enums"]) enums.push_back({{"name", e["name"]}, {"labels", e["labels"]}});
        out["enums"] = sorted(enums);
    }
    return out;
}

// orm's document in the same projection; `sa` says which index entries
// carry columns there (only indexes of plain columns do).
json orm_projection(const json& doc, const json& sa) {
    json out = {{"tables", json::object()}};
    for (const auto& t : doc["tables"]) {
        const std::string name = t["name"];
        json table;
        json columns = json::array();
        for (const auto& c : t["columns"]) {
            std::string type = c["type"]["sql"];
            while (type.size() > 4 && type.compare(type.size() - 4, 4, "[][]") == 0) type.resize(type.size() - 2);
            columns.push_back({{"name", c["name"]}, {"type", type}, {"nullable", c["nullable"]},
                               {"default", c["default"]}, {"comment", c["comment"]}});
        }
        table["columns"] = columns;
        table["comment"] = t["comment"];
        table["primary_key"] = t["primary_key"];
        json fks = json::array();
        for (const auto& fk : t["foreign_keys"]) {
            json options = json::object();
            for (const char* k : {"ondelete", "onupdate", "initially", "match"})
                if (!fk[k].is_null()) options[k] = fk[k];
            if (!fk["deferrable"].is_null()) options["deferrable"] = fk["deferrable"] == "DEFERRABLE";
            fks.push_back({{"name", fk["name"]}, {"columns", fk["columns"]}, {"referred_table", fk["referred_table"]},
                           {"referred_columns", fk["referred_columns"]}, {"options", options}});
        }
        table["foreign_keys"] = sorted(fks);
        // Only what SQLAlchemy's inspector reports (not "position", "column").
        json uqs = json::array(), cks = json::array();
        for (const auto& uq : t["unique_constraints"]) uqs.push_back({{"name", uq["name"]}, {"columns", uq["columns"]}});
        for (const auto& ck : t["check_constraints"]) cks.push_back({{"name", ck["name"]}, {"sqltext", ck["sqltext"]}});
        table["unique_constraints"] = sorted(uqs);
        table["check_constraints"] = sorted(cks);
        std::set<std::string> with_columns;
        if (sa["tables"].contains(name))
            for (const auto& ix : sa["tables"][name]["indexes"])
                if (ix.contains("columns")) with_columns.insert(ix["name"].get<std::string>());
        json indexes = json::array();
        for (const auto& ix : t["indexes"]) {
            json entry = {{"name", ix["name"]}, {"unique", ix["unique"]}};
            if (with_columns.count(ix["name"].get<std::string>())) {
                json cols = json::array();
                for (const auto& e : ix["expressions"]) cols.push_back(e.contains("column") ? e["column"] : json());
                entry["columns"] = cols;
            }
            indexes.push_back(entry);
        }
        table["indexes"] = sorted(indexes);
        out["tables"][name] = table;
    }
    if (doc["dialect"] == "postgresql") {
        json enums = json::array();
        for (const auto& e : doc["enums"]) enums.push_back({{"name", e["name"]}, {"labels", e["values"]}});
        out["enums"] = sorted(enums);
    }
    return out;
}

void compare_reflection(const ModelsFile& file) {
    for (const auto& dialect : file.dialects) {
        DYNAMIC_SECTION(file.name << ", " << dialect) {
            TempDir dir;
            const auto db = fresh_database(dialect, "reflect_vs_sa_" + file.name, dir.path());
            INFO(file.name << ".py on " << dialect << ": " << db);
            auto created = run_orm({"--models", file.path.string(), "--url", db, "create-all"});
            INFO(created.err);
            REQUIRE(created.exit_code == 0);
            const json sa = sa_projection(json::parse(run_sa_script("sa_reflect.py", {db})));
            auto inspected = run_orm({"--url", db, "inspect"});
            INFO(inspected.err);
            REQUIRE(inspected.exit_code == 0);
            const json orm = orm_projection(json::parse(inspected.out), sa);
            const auto diff = json_diff(sa.dump(1), orm.dump(1));
            if (!diff.empty()) FAIL_CHECK("orm's reflection differs from SQLAlchemy's inspector:\n" << diff);
        }
    }
}

}  // namespace

TEST_CASE("orm reflects what SQLAlchemy 1.4's inspector reflects", "[differential][db][reflect]") {
    for (const auto& file : models_files(differential_dir() / "models")) compare_reflection(file);
}
