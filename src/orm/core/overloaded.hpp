// overloaded{f, g, ...}: one visitor from several lambdas, for std::visit
// over a variant whose alternatives each want their own handling.
#pragma once

namespace orm {

template <class... F>
struct overloaded : F... {
    using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

}  // namespace orm
