// Python-side defaults the models computed with the interpreter (a project
// function, a lambda, functools.partial, a Decimal or datetime constant):
// run (with the real clock and randomness, as a seed is the one place they
// are allowed) and converted to the column's value. A default that fails, or
// gives something a column cannot hold, is an error at the default's
// file:line.
#include <nlohmann/json.hpp>

#include "orm/core/error.hpp"
#include "orm/python/datetime_values.hpp"
#include "orm/python/interpreter.hpp"
#include "orm/session/unit_of_work.hpp"

namespace orm::session {

namespace py = orm::python;

namespace {

[[noreturn]] void fail(const schema::ColumnDefault& d, const schema::Column& column, const std::string& why) {
    std::string message = "the Python-side default " + (d.text.empty() ? std::string() : "'" + d.text + "' ") +
                          "of column '" + column.name + "' " + why;
    if (d.loc.file) throw InputError(message, d.loc.file->shared_from_this(), d.loc);
    throw InputError(message);
}

nlohmann::json to_json(py::Interpreter& in, const py::Value& v, const schema::ColumnDefault& d, const schema::Column& c) {
    py::Interpreter::DepthGuard guard(in);
    switch (v.tag()) {
        case py::Value::Tag::None: return nullptr;
        case py::Value::Tag::Bool: return v.as_bool();
        case py::Value::Tag::Int: return v.as_int();
        case py::Value::Tag::Float: return v.as_float();
        case py::Value::Tag::Obj: break;
    }
    if (auto* s = py::str_of(v)) return *s;
    if (auto* l = v.as<py::ListObject>()) {
        nlohmann::json out = nlohmann::json::array();
        for (auto& x : l->items) out.push_back(to_json(in, x, d, c));
        return out;
    }
    if (auto* t = v.as<py::TupleObject>()) {
        nlohmann::json out = nlohmann::json::array();
        for (auto& x : t->items) out.push_back(to_json(in, x, d, c));
        return out;
    }
    if (auto* m = v.as<py::DictObject>()) {
        nlohmann::json out = nlohmann::json::object();
        m->for_each([&](const py::Value& k, const py::Value& x) {
            const std::string* key = py::str_of(k);
            out[key ? *key : in.str(k)] = to_json(in, x, d, c);
        });
        return out;
    }
    fail(d, c, "gave " + in.type_name(v) + ", which a JSON column cannot hold");
}

Value convert(py::Interpreter& in, const py::Value& v, const schema::ColumnDefault& d, const schema::Column& column) {
    TypeFamily family = type_family(column.type);
    switch (v.tag()) {
        case py::Value::Tag::None: return nullptr;
        case py::Value::Tag::Bool: return v.as_bool();
        case py::Value::Tag::Int:
            if (family == TypeFamily::numeric) return Value::decimal(std::to_string(v.as_int()));
            if (family == TypeFamily::real) return static_cast<double>(v.as_int());
            return static_cast<long long>(v.as_int());
        case py::Value::Tag::Float: return v.as_float();
        case py::Value::Tag::Obj: break;
    }
    if (family == TypeFamily::json) return Value::json(to_json(in, v, d, column));
    if (auto dec = py::decimal_value(v)) return Value::decimal(dec->to_string());
    if (auto dt = py::datetime_value(in, v)) {
        if (auto parsed = Value::parse_datetime(py::to_iso_string(*dt, ' '))) {
            if (family == TypeFamily::date) return *Value::parse_date(py::to_iso_string(*dt, ' ').substr(0, 10));
            return *parsed;
        }
    }
    if (auto date = py::date_value(v)) return *Value::parse_date(py::to_iso_string(*date));
    if (auto time = py::time_value(in, v))
        if (auto parsed = Value::parse_time(py::to_iso_string(*time))) return *parsed;
    if (auto uuid = py::uuid_value(v)) return uuid->to_string();
    if (auto* b = v.as<py::BytesObject>()) return Value::bytes(std::vector<std::uint8_t>(b->value.begin(), b->value.end()));
    if (auto* inst = v.as<py::InstanceObject>()) {
        // An enum member: SQLAlchemy's Enum stores its name; another column stores its value.
        if (const py::Value* name = inst->dict ? inst->dict->find_str("_name_") : nullptr) {
            if (family == TypeFamily::enumeration) return in.str(*name);
            if (const py::Value* value = inst->dict->find_str("_value_")) return convert(in, *value, d, column);
        }
        if (!inst->builtin_value.is_none()) return convert(in, inst->builtin_value, d, column);
    }
    if (auto* s = py::str_of(v)) return *s;
    fail(d, column, "gave " + in.type_name(v) + ", which column type " + column.type.class_name() + " cannot hold");
}

// SQLAlchemy passes the execution context to a default that takes one argument.
struct DefaultContext : py::HostObject {
    std::string type_name() const override { return "DefaultExecutionContext"; }
    std::optional<py::Value> get_attr(py::Interpreter&, std::string_view name) override {
        if (name == "current_parameters") return py::Value(py::make_dict());
        if (name == "get_current_parameters")
            return py::make_native("get_current_parameters", [](py::Interpreter&, py::CallArgs&) { return py::Value(py::make_dict()); });
        return std::nullopt;
    }
};

bool wants_context(const py::Value& f) {
    const py::FunctionObject* fn = f.as<py::FunctionObject>();
    if (!fn) return false;
    std::size_t required = 0;
    for (auto& p : *fn->params)
        if (p.kind == py::Parameter::Kind::Positional && !p.default_value) ++required;
    return required == 1;
}

}  // namespace

Value python_default_value(const schema::ColumnDefault& d, const schema::Column& column) {
    if (!d.interpreter) fail(d, column, "cannot be run: the models that made it are no longer loaded");
    py::Interpreter& in = *d.interpreter;
    in.allow_clock_and_randomness();
    py::Value v = d.python;
    try {
        if (d.python_callable) {
            if (v.is(py::ObjKind::Opaque))
                fail(d, column, "comes from module '" + v.as<py::OpaqueObject>()->module + "', which orm does not run");
            std::vector<py::Value> args;
            if (wants_context(v)) args.push_back(py::Value(new DefaultContext()));
            v = in.call(v, std::move(args), d.loc);
        }
        return convert(in, v, d, column);
    } catch (const py::PythonException& e) {
        fail(d, column, "raised " + e.message());
    }
}

}  // namespace orm::session
