// op.get_context().opts: the keywords env.py passes to context.configure(),
// as Alembic's MigrationContext keeps them. orm reads env.py without
// running it (migrate/env_py.cpp), so a literal keyword is its value,
// `connection=` is the revision's bind, and any other expression (an object
// the project's application hands to env.py: aiida's profile) is a
// stand-in that raises where the revision first uses it. Alembic run
// without that application cannot run such a revision at all; orm runs it
// as far as it goes without the object, which for a data migration over
// empty tables is to the end.
#include <charconv>

#include "orm/core/error.hpp"
#include "orm/migrate/env_py.hpp"
#include "orm/migrate/script_runtime_impl.hpp"

namespace orm::migrate {

namespace py = orm::python;

namespace {

struct ApplicationValue : py::HostObject {
    ApplicationValue(ConfigureOption o, std::string file) : option(std::move(o)), env_py(std::move(file)) {}
    ConfigureOption option;
    std::string env_py;

    std::string type_name() const override { return "object"; }

    [[noreturn]] void refuse(py::Interpreter& in, const std::string& use) const {
        in.raise(in.exc.RuntimeError,
                 "opts['" + option.name + "'] (" + use + ") is what env.py passes to context.configure() at " +
                     env_py + ":" + std::to_string(option.loc.line) + ":" + std::to_string(option.loc.column) +
                     ", an object of the project's application; orm reads env.py without running it, so this "
                     "revision can run only as far as it does without that object",
                 in.current_location());
    }
    std::optional<py::Value> get_attr(py::Interpreter& in, std::string_view name) override {
        refuse(in, "its attribute '" + std::string(name) + "' read");
    }
    bool set_attr(py::Interpreter& in, std::string_view name, const py::Value&) override {
        refuse(in, "its attribute '" + std::string(name) + "' set");
    }
    py::Value call(py::Interpreter& in, py::CallArgs&) override { refuse(in, "called"); }
    std::optional<py::Value> get_item(py::Interpreter& in, const py::Value&) override { refuse(in, "subscripted"); }
    bool set_item(py::Interpreter& in, const py::Value&, const py::Value&) override { refuse(in, "subscripted"); }
    std::optional<std::int64_t> len(py::Interpreter& in) override { refuse(in, "given to len()"); }
    std::optional<py::Value> iter(py::Interpreter& in) override { refuse(in, "iterated"); }
    bool truthy(py::Interpreter& in) const override { refuse(in, "taken as a truth value"); }
    bool contains(py::Interpreter& in, const py::Value&) override { refuse(in, "searched with 'in'"); }
    std::string repr(py::Interpreter&) const override { return "<env.py's " + option.name + ">"; }
};

bool in_mode(const ConfigureOption& o, bool offline) {
    return o.mode == ConfigureOption::Mode::both || (o.mode == ConfigureOption::Mode::offline) == offline;
}

py::Value literal_value(const ConfigureOption& o) {
    switch (o.kind) {
        case ConfigureOption::Kind::none: return py::Value();
        case ConfigureOption::Kind::boolean: return py::Value::boolean(o.literal == "True");
        case ConfigureOption::Kind::string: return py::make_str(o.literal);
        case ConfigureOption::Kind::integer: {
            std::int64_t v = 0;
            std::from_chars(o.literal.data(), o.literal.data() + o.literal.size(), v);
            return py::Value::integer(v);
        }
        case ConfigureOption::Kind::application: break;
    }
    return py::Value();
}

}  // namespace

py::Value configure_opts(ScriptRuntime::Impl& rt, bool offline, SourceLocation loc) {
    auto d = py::make_dict();
    if (rt.options.env_py.empty()) return py::Value(d);
    if (!rt.env_py_options) rt.env_py_options = read_env_py(rt.options.env_py).configure_options;
    for (const ConfigureOption& o : *rt.env_py_options) {
        if (!in_mode(o, offline)) continue;
        py::Value v;
        if (o.name == "connection" && !offline) v = bind_object(rt, loc);
        else if (o.kind == ConfigureOption::Kind::application) v = py::Value(new ApplicationValue(o, rt.options.env_py));
        else v = literal_value(o);
        d->set(*rt.in, py::make_str(o.name), std::move(v));
    }
    return py::Value(d);
}

}  // namespace orm::migrate
