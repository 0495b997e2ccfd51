// Runtime forms of type annotations, as Python 3.11 builds them when an
// annotation is evaluated: `List[int]`, `dict[str, X]`, `Mapped[Optional[str]]`
// are generic aliases (an origin and its arguments), `X | None` and
// `Optional[X]` are unions. SQLAlchemy reads Mapped[...] annotations through
// these (declarative/), so they keep exactly what was written.
#pragma once

#include <string>
#include <vector>

#include "orm/python/interpreter.hpp"

namespace orm::python {

// `origin[args...]`: typing.List[int], list[int], Mapped[int], Annotated[T, x].
struct GenericAliasObject : HostObject {
    GenericAliasObject(Value o, std::vector<Value> a, std::string n)
        : origin(std::move(o)), args(std::move(a)), name(std::move(n)) {}
    Value origin;              // the class or typing form subscripted
    std::vector<Value> args;
    std::string name;          // "List", "Mapped", "Annotated", "list"
    std::string type_name() const override { return "GenericAlias"; }
    std::optional<Value> get_attr(Interpreter& in, std::string_view attr) override;
    std::optional<Value> get_item(Interpreter& in, const Value& key) override;
    std::optional<Value> binary_op(Interpreter& in, std::string_view op, const Value& other, bool reflected) override;
    Value call(Interpreter& in, CallArgs& args) override;
    std::string repr(Interpreter& in) const override;
};

// `Union[A, B]`, `Optional[A]`, `A | B`: the members, flattened, duplicates removed.
struct UnionObject : HostObject {
    explicit UnionObject(std::vector<Value> m) : members(std::move(m)) {}
    std::vector<Value> members;
    std::string type_name() const override { return "UnionType"; }
    std::optional<Value> get_attr(Interpreter& in, std::string_view attr) override;
    std::optional<Value> binary_op(Interpreter& in, std::string_view op, const Value& other, bool reflected) override;
    std::string repr(Interpreter& in) const override;
};

// A union of `members` (a single member stands for itself).
Value make_union(Interpreter& in, std::vector<Value> members);
// "typing.Optional" for the typing module's special forms (Any, Optional,
// List, Literal, ...); nullopt for other values.
std::optional<std::string> special_form_name(const Value& v);

// True for values that may stand in a union: classes, None, aliases, unions, forward references (str).
bool is_type_form(const Value& v);

// Registers the `typing`, `typing_extensions` and `types` modules.
void register_typing_modules(Interpreter& in);

}  // namespace orm::python
