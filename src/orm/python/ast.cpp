#include "orm/python/ast.hpp"

#include "orm/core/error.hpp"

#include <cstdint>
#include <stdexcept>

namespace orm::python {

long long Constant::int_value() const {
    auto fail = [&](const std::string& message) -> InputError {
        if (loc.file) return InputError(message, loc.file->shared_from_this(), loc);
        return InputError(message);
    };
    if (value_kind != ConstantKind::Int) throw fail("not an integer literal: " + value);
    int base = 10;
    size_t i = 0;
    if (value.size() > 2 && value[0] == '0') {
        char p = static_cast<char>(value[1] | 0x20);
        if (p == 'x') base = 16;
        if (p == 'o') base = 8;
        if (p == 'b') base = 2;
        if (base != 10) i = 2;
    }
    // Accumulated unsigned so that overflow is detected before it happens.
    unsigned long long result = 0;
    const unsigned long long limit = static_cast<unsigned long long>(INT64_MAX);
    for (; i < value.size(); ++i) {
        char c = value[i];
        if (c == '_') continue;
        int d = (c >= '0' && c <= '9') ? c - '0' : ((c | 0x20) - 'a' + 10);
        if (result > (limit - static_cast<unsigned long long>(d)) / static_cast<unsigned long long>(base))
            throw fail("integer literal " + value + " is beyond 64 bits, the largest integer orm's interpreter keeps");
        result = result * static_cast<unsigned long long>(base) + static_cast<unsigned long long>(d);
    }
    return static_cast<long long>(result);
}

const Keyword* Call::keyword(const std::string& name) const {
    for (const auto& k : keywords) {
        if (k.name && *k.name == name) return &k;
    }
    return nullptr;
}

std::optional<std::string> dotted_name(const Expr& e) {
    if (auto n = e.as<Name>()) return n->id;
    if (auto a = e.as<Attribute>()) {
        if (!a->value) return std::nullopt;
        auto base = dotted_name(*a->value);
        if (!base) return std::nullopt;
        return *base + "." + a->attr;
    }
    return std::nullopt;
}

}  // namespace orm::python
