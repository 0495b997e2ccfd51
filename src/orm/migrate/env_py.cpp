#include "orm/migrate/env_py.hpp"

#include <functional>
#include <map>

#include "orm/core/error.hpp"
#include "orm/python/parser.hpp"

namespace orm::migrate {

namespace {

// The leftmost name of `Base.metadata`, `models.Base.metadata`, `[a.metadata, ...]`.
const python::Name* root_name(const python::Expr& e) {
    if (auto* n = e.as<python::Name>()) return n;
    if (auto* a = e.as<python::Attribute>()) return root_name(*a->value);
    if (auto* l = e.as<python::List>(); l && !l->elts.empty()) return root_name(*l->elts[0]);
    if (auto* t = e.as<python::Tuple>(); t && !t->elts.empty()) return root_name(*t->elts[0]);
    return nullptr;
}

std::optional<std::string> string_value(const python::Expr& e) {
    if (auto* c = e.as<python::Constant>(); c && c->is_string()) return c->value;
    return std::nullopt;
}

// Every statement of `body`, nested ones included, with the name of the
// innermost function it is in ("" at module level).
void visit(const python::Body& body, const std::string& function,
           const std::function<void(const python::Stmt&, const std::string&)>& f) {
    for (auto& s : body) {
        f(*s, function);
        if (auto* d = s->as<python::FunctionDef>()) visit(d->body, d->name, f);
        if (auto* i = s->as<python::If>()) { visit(i->body, function, f); visit(i->orelse, function, f); }
        if (auto* w = s->as<python::With>()) visit(w->body, function, f);
        if (auto* t = s->as<python::Try>()) {
            visit(t->body, function, f);
            for (auto& h : t->handlers) visit(h.body, function, f);
            visit(t->orelse, function, f);
            visit(t->finalbody, function, f);
        }
        if (auto* l = s->as<python::For>()) visit(l->body, function, f);
    }
}

std::optional<std::string> target_metadata_module(const python::Module& module) {
    std::map<std::string, std::string> imported;   // local name -> module it comes from
    const python::Expr* target = nullptr;
    for (auto& s : module.body) {
        if (auto* im = s->as<python::Import>())
            for (auto& a : im->names)
                imported[a.asname ? *a.asname : a.name.substr(0, a.name.find('.'))] =
                    a.asname ? a.name : a.name.substr(0, a.name.find('.'));
        if (auto* im = s->as<python::ImportFrom>(); im && im->level == 0)
            for (auto& a : im->names) {
                // `from app import models` names a module; `from app.models import Base` a name in one.
                imported[a.asname ? *a.asname : a.name] = im->module + "\x1f" + a.name;
            }
        if (auto* as = s->as<python::Assign>(); as && as->targets.size() == 1)
            if (auto* n = as->targets[0]->as<python::Name>(); n && n->id == "target_metadata") target = as->value.get();
    }
    const python::Name* root = target ? root_name(*target) : nullptr;
    auto it = root ? imported.find(root->id) : imported.end();
    if (it == imported.end()) return std::nullopt;
    const std::string& m = it->second;
    auto sep = m.find('\x1f');
    if (sep == std::string::npos) return m;
    std::string package = m.substr(0, sep), name = m.substr(sep + 1);
    // `from app import models` + `models.Base.metadata`: the module app.models;
    // `from app.models import Base` + `Base.metadata`: app.models.
    auto* attr = target->as<python::Attribute>();
    bool module_itself = attr && attr->value->as<python::Attribute>();
    return module_itself ? package + "." + name : package;
}

ConfigureOption option_of(const python::Keyword& k, const std::string& function) {
    ConfigureOption o;
    o.name = *k.name;
    o.loc = k.loc;
    o.loc.file = nullptr;   // the parsed env.py does not outlive read_env_py(): the line and column are what stay
    if (function.find("offline") != std::string::npos) o.mode = ConfigureOption::Mode::offline;
    else if (function.find("online") != std::string::npos) o.mode = ConfigureOption::Mode::online;
    if (auto* c = k.value->as<python::Constant>()) {
        using CK = python::ConstantKind;
        switch (c->value_kind) {
            case CK::None: o.kind = ConfigureOption::Kind::none; break;
            case CK::True: o.kind = ConfigureOption::Kind::boolean; o.literal = "True"; break;
            case CK::False: o.kind = ConfigureOption::Kind::boolean; o.literal = "False"; break;
            case CK::Int:
                try {
                    o.literal = std::to_string(c->int_value());
                    o.kind = ConfigureOption::Kind::integer;
                } catch (const InputError&) {   // beyond int64: left to the application
                }
                break;
            case CK::String: o.kind = ConfigureOption::Kind::string; o.literal = c->value; break;
            default: break;
        }
    }
    return o;
}

}  // namespace

EnvPy read_env_py(const std::string& path) {
    EnvPy out;
    python::Module module = python::parse_module(SourceFile::load(path));
    out.models_module = target_metadata_module(module);
    visit(module.body, "", [&](const python::Stmt& s, const std::string& function) {
        auto* e = s.as<python::ExprStmt>();
        auto* call = e ? e->value->as<python::Call>() : nullptr;
        auto* attr = call ? call->func->as<python::Attribute>() : nullptr;
        if (!attr || attr->attr != "configure") return;
        for (auto& k : call->keywords) {
            if (!k.name) continue;   // **kwargs: names orm cannot know
            if (*k.name == "version_table") out.version_table = string_value(*k.value);
            if (*k.name == "version_table_schema") out.version_table_schema = string_value(*k.value);
            out.configure_options.push_back(option_of(k, function));
        }
    });
    return out;
}

}  // namespace orm::migrate
