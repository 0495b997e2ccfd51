#include "orm/migrate/render_relationships.hpp"

#include <algorithm>
#include <cctype>

#include "orm/migrate/render_models.hpp"

namespace orm::migrate {

namespace {

using schema::ForeignKeyConstraint;
using schema::Table;

std::string referred_fullname(const ForeignKeyConstraint& fk) {
    return fk.referred_schema ? *fk.referred_schema + "." + fk.referred_table : fk.referred_table;
}

// `name` as a Python identifier that is no keyword.
std::string identifier(std::string name) {
    static const std::set<std::string> keywords{
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
        "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"};
    for (char& c : name)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) c = '_';
    if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) name = "_" + name;
    if (keywords.count(name)) name += "_";
    return name;
}

// A free attribute name on `table`'s class, starting from `wanted`.
std::string claim(MappedClassNames& names, const std::string& table, std::string wanted) {
    wanted = identifier(wanted);
    auto& taken = names.attributes_of[table];
    while (taken.count(wanted) || wanted == "metadata" || wanted == "registry") wanted += "_";
    taken.insert(wanted);
    return wanted;
}

bool is_association(const Table& t, const MappedClassNames& names) {
    if (!t.primary_key.columns.empty() || t.foreign_keys.size() != 2) return false;
    std::set<std::string> key_columns;
    for (const auto& fk : t.foreign_keys) {
        if (fk.columns.size() != 1 || !names.class_of.count(referred_fullname(fk))) return false;
        key_columns.insert(fk.columns[0]);
    }
    return key_columns.size() == 2 && t.columns.size() == 2 &&
           referred_fullname(t.foreign_keys[0]) != referred_fullname(t.foreign_keys[1]);
}

std::string relationship(const std::string& target, const std::string& back, const std::string& secondary = "") {
    std::string out = "relationship(" + python_string(target);
    if (!secondary.empty()) out += ", secondary=" + python_string(secondary);
    return out + ", back_populates=" + python_string(back) + ")";
}

}  // namespace

std::map<std::string, std::vector<std::string>> render_relationships(const schema::MetaData& md,
                                                                     const MappedClassNames& given) {
    MappedClassNames names = given;
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& tp : md.tables) {
        const Table& t = *tp;
        const std::string child = t.fullname();
        if (is_association(t, names)) {
            const std::string a = referred_fullname(t.foreign_keys[0]), b = referred_fullname(t.foreign_keys[1]);
            std::string on_a = claim(names, a, t.foreign_keys[1].referred_table);
            std::string on_b = claim(names, b, t.foreign_keys[0].referred_table);
            out[a].push_back(on_a + " = " + relationship(names.class_of.at(b), on_b, t.name));
            out[b].push_back(on_b + " = " + relationship(names.class_of.at(a), on_a, t.name));
            continue;
        }
        if (!names.class_of.count(child)) continue;
        std::map<std::string, int> keys_to;   // parent -> how many foreign keys of this table refer to it
        for (const auto& fk : t.foreign_keys) ++keys_to[referred_fullname(fk)];
        for (const auto& fk : t.foreign_keys) {
            const std::string parent = referred_fullname(fk);
            if (!names.class_of.count(parent)) continue;
            if (parent == child || keys_to[parent] > 1) {
                std::string note = "# " + t.name + " -> " + fk.referred_table + ": " +
                                   (parent == child ? "refers to itself" : "several foreign keys") +
                                   "; declare its relationship() with " +
                                   (parent == child ? "remote_side=" : "foreign_keys=");
                if (std::find(out[child].begin(), out[child].end(), note) == out[child].end()) out[child].push_back(note);
                continue;
            }
            std::string single = fk.columns.size() == 1 ? fk.columns[0] : "";
            std::string wanted = single.size() > 3 && single.ends_with("_id") ? single.substr(0, single.size() - 3)
                                                                                 : fk.referred_table;
            std::string to_parent = claim(names, child, wanted);
            std::string to_children = claim(names, parent, t.name);
            out[child].push_back(to_parent + " = " + relationship(names.class_of.at(parent), to_children));
            out[parent].push_back(to_children + " = " + relationship(names.class_of.at(child), to_parent));
        }
    }
    return out;
}

}  // namespace orm::migrate
