// Operators: truth value, arithmetic (64-bit integers, checked), comparison,
// equality, membership, hashing, len() and subscripts, for built-in values,
// then through dunder methods of classes and the hooks of host objects, as
// Python's binary-operator protocol does (left operand, then the reflected
// method of the right one).
#include <cmath>
#include <limits>

#include "orm/python/exec.hpp"
#include "orm/python/format.hpp"
#include "orm/python/typing.hpp"

namespace orm::python {

namespace {

const char* op_symbol(BinaryOperator op) {
    switch (op) {
        case BinaryOperator::Add: return "+";
        case BinaryOperator::Sub: return "-";
        case BinaryOperator::Mult: return "*";
        case BinaryOperator::MatMult: return "@";
        case BinaryOperator::Div: return "/";
        case BinaryOperator::FloorDiv: return "//";
        case BinaryOperator::Mod: return "%";
        case BinaryOperator::Pow: return "** or pow()";
        case BinaryOperator::LShift: return "<<";
        case BinaryOperator::RShift: return ">>";
        case BinaryOperator::BitOr: return "|";
        case BinaryOperator::BitXor: return "^";
        case BinaryOperator::BitAnd: return "&";
    }
    return "?";
}

const char* dunder(BinaryOperator op) {
    switch (op) {
        case BinaryOperator::Add: return "__add__";
        case BinaryOperator::Sub: return "__sub__";
        case BinaryOperator::Mult: return "__mul__";
        case BinaryOperator::MatMult: return "__matmul__";
        case BinaryOperator::Div: return "__truediv__";
        case BinaryOperator::FloorDiv: return "__floordiv__";
        case BinaryOperator::Mod: return "__mod__";
        case BinaryOperator::Pow: return "__pow__";
        case BinaryOperator::LShift: return "__lshift__";
        case BinaryOperator::RShift: return "__rshift__";
        case BinaryOperator::BitOr: return "__or__";
        case BinaryOperator::BitXor: return "__xor__";
        case BinaryOperator::BitAnd: return "__and__";
    }
    return "";
}

std::string reflected(const char* name) { return std::string("__r") + (name + 2); }

const char* compare_dunder(CompareOperator op) {
    switch (op) {
        case CompareOperator::Eq: return "__eq__";
        case CompareOperator::NotEq: return "__ne__";
        case CompareOperator::Lt: return "__lt__";
        case CompareOperator::LtE: return "__le__";
        case CompareOperator::Gt: return "__gt__";
        case CompareOperator::GtE: return "__ge__";
        default: return "";
    }
}

const char* compare_reflection(CompareOperator op) {
    switch (op) {
        case CompareOperator::Eq: return "__eq__";
        case CompareOperator::NotEq: return "__ne__";
        case CompareOperator::Lt: return "__gt__";
        case CompareOperator::LtE: return "__ge__";
        case CompareOperator::Gt: return "__lt__";
        case CompareOperator::GtE: return "__le__";
        default: return "";
    }
}

const char* compare_symbol(CompareOperator op) {
    switch (op) {
        case CompareOperator::Eq: return "==";
        case CompareOperator::NotEq: return "!=";
        case CompareOperator::Lt: return "<";
        case CompareOperator::LtE: return "<=";
        case CompareOperator::Gt: return ">";
        case CompareOperator::GtE: return ">=";
        case CompareOperator::Is: return "is";
        case CompareOperator::IsNot: return "is not";
        case CompareOperator::In: return "in";
        case CompareOperator::NotIn: return "not in";
    }
    return "?";
}

bool is_number(const Value& v) { return v.is_intlike() || v.is_float(); }
double as_double(const Value& v) { return v.is_float() ? v.as_float() : static_cast<double>(v.as_int()); }

[[noreturn]] void overflow(Interpreter& in, SourceLocation loc) {
    in.raise(in.exc.OverflowError, "integer result beyond 64 bits: orm's interpreter keeps integers within 64 bits", loc);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
    std::int64_t m = a % b;
    if (m != 0 && ((m < 0) != (b < 0))) m += b;
    return m;
}

std::optional<Value> int_op(Interpreter& in, BinaryOperator op, std::int64_t a, std::int64_t b, bool both_bool,
                            SourceLocation loc) {
    std::int64_t r = 0;
    switch (op) {
        case BinaryOperator::Add: if (__builtin_add_overflow(a, b, &r)) overflow(in, loc); return Value::integer(r);
        case BinaryOperator::Sub: if (__builtin_sub_overflow(a, b, &r)) overflow(in, loc); return Value::integer(r);
        case BinaryOperator::Mult: if (__builtin_mul_overflow(a, b, &r)) overflow(in, loc); return Value::integer(r);
        case BinaryOperator::Div:
            if (b == 0) in.raise(in.exc.ZeroDivisionError, "division by zero", loc);
            return Value::floating(static_cast<double>(a) / static_cast<double>(b));
        case BinaryOperator::FloorDiv:
            if (b == 0) in.raise(in.exc.ZeroDivisionError, "integer division or modulo by zero", loc);
            if (a == std::numeric_limits<std::int64_t>::min() && b == -1) overflow(in, loc);
            return Value::integer(floor_div(a, b));
        case BinaryOperator::Mod:
            if (b == 0) in.raise(in.exc.ZeroDivisionError, "integer division or modulo by zero", loc);
            if (b == -1) return Value::integer(0);
            return Value::integer(floor_mod(a, b));
        case BinaryOperator::Pow: {
            if (b < 0) return Value::floating(std::pow(static_cast<double>(a), static_cast<double>(b)));
            std::int64_t result = 1, base = a;
            while (b > 0) {
                if (b & 1)
                    if (__builtin_mul_overflow(result, base, &result)) overflow(in, loc);
                b >>= 1;
                if (b > 0 && __builtin_mul_overflow(base, base, &base)) overflow(in, loc);
            }
            return Value::integer(result);
        }
        case BinaryOperator::LShift:
            if (b < 0) in.raise(in.exc.ValueError, "negative shift count", loc);
            if (b >= 63 || (a != 0 && (a > (std::numeric_limits<std::int64_t>::max() >> b) ||
                                       a < (std::numeric_limits<std::int64_t>::min() >> b))))
                overflow(in, loc);
            return Value::integer(a * (std::int64_t{1} << b));
        case BinaryOperator::RShift:
            if (b < 0) in.raise(in.exc.ValueError, "negative shift count", loc);
            return Value::integer(b >= 63 ? (a < 0 ? -1 : 0) : (a >> b));
        case BinaryOperator::BitOr: return both_bool ? Value::boolean((a | b) != 0) : Value::integer(a | b);
        case BinaryOperator::BitXor: return both_bool ? Value::boolean((a ^ b) != 0) : Value::integer(a ^ b);
        case BinaryOperator::BitAnd: return both_bool ? Value::boolean((a & b) != 0) : Value::integer(a & b);
        case BinaryOperator::MatMult: return std::nullopt;
    }
    return std::nullopt;
}

std::optional<Value> float_op(Interpreter& in, BinaryOperator op, double a, double b, SourceLocation loc) {
    switch (op) {
        case BinaryOperator::Add: return Value::floating(a + b);
        case BinaryOperator::Sub: return Value::floating(a - b);
        case BinaryOperator::Mult: return Value::floating(a * b);
        case BinaryOperator::Div:
            if (b == 0) in.raise(in.exc.ZeroDivisionError, "float division by zero", loc);
            return Value::floating(a / b);
        case BinaryOperator::FloorDiv:
            if (b == 0) in.raise(in.exc.ZeroDivisionError, "float floor division by zero", loc);
            return Value::floating(std::floor(a / b));
        case BinaryOperator::Mod: {
            if (b == 0) in.raise(in.exc.ZeroDivisionError, "float modulo", loc);
            double m = std::fmod(a, b);
            if (m != 0 && ((m < 0) != (b < 0))) m += b;
            return Value::floating(m);
        }
        case BinaryOperator::Pow: return Value::floating(std::pow(a, b));
        default: return std::nullopt;
    }
}

std::vector<Value> repeat(const std::vector<Value>& items, std::int64_t n) {
    std::vector<Value> out;
    for (std::int64_t k = 0; k < n; ++k) out.insert(out.end(), items.begin(), items.end());
    return out;
}

std::optional<Value> sequence_op(Interpreter& in, BinaryOperator op, const Value& a, const Value& b, SourceLocation loc) {
    // str * n and bytes * n, within the interpreter's size bound.
    auto repeated = [&](const std::string& text, std::int64_t n) {
        std::string out;
        for (std::int64_t k = 0; k < n; ++k) {
            out += text;
            if (out.size() > (64u << 20)) in.raise(in.exc.OverflowError, "string too large", loc);
        }
        return out;
    };
    const std::string* sa = a.as<StrObject>() ? &a.as<StrObject>()->value : nullptr;
    if (sa) {
        if (op == BinaryOperator::Add)
            if (auto* sb = b.as<StrObject>()) return make_str(*sa + sb->value);
        if (op == BinaryOperator::Mult && b.is_intlike()) return make_str(repeated(*sa, b.as_int()));
        if (op == BinaryOperator::Mod) return make_str(percent_format(in, *sa, b, loc));
    }
    if (auto* ba = a.as<BytesObject>()) {
        if (op == BinaryOperator::Add)
            if (auto* bb = b.as<BytesObject>()) return make_bytes(ba->value + bb->value);
        if (op == BinaryOperator::Mult && b.is_intlike()) return make_bytes(repeated(ba->value, b.as_int()));
    }
    if (op == BinaryOperator::Mult && a.is_intlike() &&
        (b.is(ObjKind::Str) || b.is(ObjKind::Bytes) || b.is(ObjKind::List) || b.is(ObjKind::Tuple)))
        return sequence_op(in, op, b, a, loc);
    if (auto* la = a.as<ListObject>()) {
        if (op == BinaryOperator::Add)
            if (auto* lb = b.as<ListObject>()) {
                std::vector<Value> out = la->items;
                out.insert(out.end(), lb->items.begin(), lb->items.end());
                return make_list(std::move(out));
            }
        if (op == BinaryOperator::Mult && b.is_intlike()) return make_list(repeat(la->items, b.as_int()));
    }
    if (auto* ta = a.as<TupleObject>()) {
        if (op == BinaryOperator::Add)
            if (auto* tb = b.as<TupleObject>()) {
                std::vector<Value> out = ta->items;
                out.insert(out.end(), tb->items.begin(), tb->items.end());
                return make_tuple(std::move(out));
            }
        if (op == BinaryOperator::Mult && b.is_intlike()) return make_tuple(repeat(ta->items, b.as_int()));
    }
    if (a.is(ObjKind::Dict) && b.is(ObjKind::Dict) && op == BinaryOperator::BitOr) {
        Ref<DictObject> out = make_dict();
        a.as<DictObject>()->for_each([&](const Value& k, const Value& v) { out->set(in, k, v); });
        b.as<DictObject>()->for_each([&](const Value& k, const Value& v) { out->set(in, k, v); });
        return Value(out);
    }
    auto* xa = a.is_obj() ? dynamic_cast<SetObject*>(a.obj()) : nullptr;
    auto* xb = b.is_obj() ? dynamic_cast<SetObject*>(b.obj()) : nullptr;
    // dict.keys() gives a list here, where Python gives a set-like view: a
    // set operator between a set and such a list takes the list as a set.
    Ref<SetObject> keys_as_set;
    auto as_set = [&](const Value& v) {
        keys_as_set = Ref<SetObject>(new SetObject());
        for (auto& x : v.as<ListObject>()->items) keys_as_set->set(in, x, Value());
        return keys_as_set.get();
    };
    if (xa && !xb && b.is(ObjKind::List)) xb = as_set(b);
    else if (xb && !xa && a.is(ObjKind::List)) xa = as_set(a);
    if (a.is_obj() && b.is_obj() && xa && xb &&
        (op == BinaryOperator::BitOr || op == BinaryOperator::BitAnd || op == BinaryOperator::Sub || op == BinaryOperator::BitXor)) {
        Ref<SetObject> out(xa->kind() == ObjKind::FrozenSet ? static_cast<SetObject*>(new FrozenSetObject()) : new SetObject());
        if (op == BinaryOperator::BitOr) {
            xa->for_each([&](const Value& k, const Value&) { out->set(in, k, Value()); });
            xb->for_each([&](const Value& k, const Value&) { out->set(in, k, Value()); });
        } else if (op == BinaryOperator::BitAnd) {
            xa->for_each([&](const Value& k, const Value&) { if (xb->find(in, k)) out->set(in, k, Value()); });
        } else if (op == BinaryOperator::Sub) {
            xa->for_each([&](const Value& k, const Value&) { if (!xb->find(in, k)) out->set(in, k, Value()); });
        } else {
            xa->for_each([&](const Value& k, const Value&) { if (!xb->find(in, k)) out->set(in, k, Value()); });
            xb->for_each([&](const Value& k, const Value&) { if (!xa->find(in, k)) out->set(in, k, Value()); });
        }
        return Value(out);
    }
    return std::nullopt;
}

// The dunder method `name` of an instance's class, called; nullopt when the
// class has none or it returns NotImplemented.
std::optional<Value> call_dunder(Interpreter& in, const Value& self, const std::string& name, const Value& other,
                                 SourceLocation loc) {
    auto* inst = self.as<InstanceObject>();
    if (!inst) return std::nullopt;
    const Value* m = inst->cls->lookup(name);
    if (!m) return std::nullopt;
    Value bound = in.bind_attribute(*m, self, *inst->cls, loc);
    Value r = in.call(bound, {other}, loc);
    if (r.identical(in.not_implemented)) return std::nullopt;
    return r;
}

std::optional<Value> host_op(Interpreter& in, const Value& self, std::string_view name, const Value& other, bool reflected_op) {
    if (auto* h = self.host<HostObject>()) return h->binary_op(in, name, other, reflected_op);
    return std::nullopt;
}

// An instance of a subclass of a built-in type stands for its built-in value.
const Value& builtin_of(const Value& v) {
    if (auto* i = v.as<InstanceObject>(); i && !i->builtin_value.is_none()) return i->builtin_value;
    return v;
}

bool is_type_operand(const Value& v) {
    return v.is(ObjKind::Class) || v.is_none() || v.host<GenericAliasObject>() || v.host<UnionObject>();
}

}  // namespace

Value Interpreter::binary(BinaryOperator op, const Value& a, const Value& b, SourceLocation loc) {
    if (a.is_intlike() && b.is_intlike())
        if (auto r = int_op(*this, op, a.as_int(), b.as_int(), a.is_bool() && b.is_bool(), loc)) return *r;
    if (is_number(a) && is_number(b))
        if (auto r = float_op(*this, op, as_double(a), as_double(b), loc)) return *r;
    if (a.is_obj() || b.is_obj()) {
        const char* name = dunder(op);
        // User classes first (they may override what a built-in base does).
        if (auto r = call_dunder(*this, a, name, b, loc)) return *r;
        if (auto r = host_op(*this, a, name, b, false)) return *r;
        if (auto r = call_dunder(*this, b, reflected(name), a, loc)) return *r;
        if (auto r = host_op(*this, b, name, a, true)) return *r;
        if (auto r = sequence_op(*this, op, builtin_of(a), builtin_of(b), loc)) return *r;
        const Value& ba = builtin_of(a);
        const Value& bb = builtin_of(b);
        if (&ba != &a || &bb != &b) {
            if (ba.is_intlike() && bb.is_intlike())
                if (auto r = int_op(*this, op, ba.as_int(), bb.as_int(), false, loc)) return *r;
            if (is_number(ba) && is_number(bb))
                if (auto r = float_op(*this, op, as_double(ba), as_double(bb), loc)) return *r;
        }
        if (op == BinaryOperator::BitOr && is_type_operand(a) && is_type_operand(b)) return make_union(*this, {a, b});
        if (op == BinaryOperator::Add && (a.is(ObjKind::Str) || a.is(ObjKind::List) || a.is(ObjKind::Tuple)) && !b.is(ObjKind::Opaque)) {
            std::string t = type_name(a);
            raise(exc.TypeError, "can only concatenate " + t + " (not \"" + type_name(b) + "\") to " + t, loc);
        }
        if (a.is(ObjKind::Opaque)) return a;
        if (b.is(ObjKind::Opaque)) return b;
    }
    raise(exc.TypeError, std::string("unsupported operand type(s) for ") + op_symbol(op) + ": '" + type_name(a) +
                             "' and '" + type_name(b) + "'", loc);
}

Value Interpreter::unary(UnaryOperator op, const Value& v, SourceLocation loc) {
    if (op == UnaryOperator::Not) return Value::boolean(!truthy(v, loc));
    if (v.is_intlike()) {
        std::int64_t i = v.as_int();
        if (op == UnaryOperator::USub) {
            if (i == std::numeric_limits<std::int64_t>::min()) overflow(*this, loc);
            return Value::integer(-i);
        }
        if (op == UnaryOperator::UAdd) return Value::integer(i);
        return Value::integer(~i);
    }
    if (v.is_float()) {
        if (op == UnaryOperator::USub) return Value::floating(-v.as_float());
        if (op == UnaryOperator::UAdd) return v;
    }
    const char* name = op == UnaryOperator::USub ? "__neg__" : op == UnaryOperator::UAdd ? "__pos__" : "__invert__";
    if (auto* inst = v.as<InstanceObject>()) {
        if (const Value* m = inst->cls->lookup(name)) return call(bind_attribute(*m, v, *inst->cls, loc), {}, loc);
        if (!inst->builtin_value.is_none()) return unary(op, inst->builtin_value, loc);
    }
    if (auto* h = v.host<HostObject>())
        if (auto r = h->unary_op(*this, name)) return *r;
    if (v.is(ObjKind::Opaque)) return v;
    raise(exc.TypeError, std::string("bad operand type for unary ") +
                             (op == UnaryOperator::USub ? "-" : op == UnaryOperator::UAdd ? "+" : "~") + ": '" +
                             type_name(v) + "'", loc);
}

bool Interpreter::truthy(const Value& v, SourceLocation loc) {
    switch (v.tag()) {
        case Value::Tag::None: return false;
        case Value::Tag::Bool: case Value::Tag::Int: return v.as_int() != 0;
        case Value::Tag::Float: return v.as_float() != 0;
        case Value::Tag::Obj: break;
    }
    switch (v.obj()->kind()) {
        case ObjKind::Str: return !v.as<StrObject>()->value.empty();
        case ObjKind::Bytes: return !v.as<BytesObject>()->value.empty();
        case ObjKind::List: return !v.as<ListObject>()->items.empty();
        case ObjKind::Tuple: return !v.as<TupleObject>()->items.empty();
        case ObjKind::Dict: case ObjKind::Set: case ObjKind::FrozenSet:
            return static_cast<DictObject*>(v.obj())->size() > 0;
        case ObjKind::Range: return v.as<RangeObject>()->length() > 0;
        case ObjKind::Instance: {
            auto* inst = v.as<InstanceObject>();
            if (const Value* m = inst->cls->lookup("__bool__")) return truthy(call(bind_attribute(*m, v, *inst->cls, loc), {}, loc), loc);
            if (const Value* m = inst->cls->lookup("__len__")) return truthy(call(bind_attribute(*m, v, *inst->cls, loc), {}, loc), loc);
            if (!inst->builtin_value.is_none()) return truthy(inst->builtin_value, loc);
            return true;
        }
        case ObjKind::Host: return v.host<HostObject>()->truthy(*this);
        case ObjKind::Opaque:
            opaque_used(*v.as<OpaqueObject>(), "false", loc);
            return false;
        default: return true;
    }
}

bool Interpreter::equal(const Value& a, const Value& b) {
    if (a.identical(b)) return !(a.is_float() && std::isnan(a.as_float()));
    if (is_number(a) && is_number(b)) {
        if (a.is_intlike() && b.is_intlike()) return a.as_int() == b.as_int();
        return as_double(a) == as_double(b);
    }
    for (const Value* side : {&a, &b}) {
        const Value& other = side == &a ? b : a;
        if (auto* inst = side->as<InstanceObject>(); inst && inst->cls->lookup("__eq__"))
            if (auto r = call_dunder(*this, *side, "__eq__", other, current_location())) return truthy(*r, {});
    }
    const Value& ba = builtin_of(a);
    const Value& bb = builtin_of(b);
    if (&ba != &a || &bb != &b) return equal(ba, bb);
    if (!a.is_obj() || !b.is_obj()) return false;
    DepthGuard guard(*this);
    if (auto* sa = a.as<StrObject>())
        if (auto* sb = b.as<StrObject>()) return sa->value == sb->value;
    if (auto* ba2 = a.as<BytesObject>())
        if (auto* bb2 = b.as<BytesObject>()) return ba2->value == bb2->value;
    auto seq_equal = [&](const std::vector<Value>& x, const std::vector<Value>& y) {
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!equal(x[i], y[i])) return false;
        return true;
    };
    if (auto* la = a.as<ListObject>())
        if (auto* lb = b.as<ListObject>()) return seq_equal(la->items, lb->items);
    if (auto* ta = a.as<TupleObject>())
        if (auto* tb = b.as<TupleObject>()) return seq_equal(ta->items, tb->items);
    if (a.is(ObjKind::Dict) && b.is(ObjKind::Dict)) {
        auto* da = a.as<DictObject>();
        auto* db = b.as<DictObject>();
        if (da->size() != db->size()) return false;
        bool same = true;
        da->for_each([&](const Value& k, const Value& v) {
            if (!same) return;
            Value* other = db->find(*this, k);
            if (!other || !equal(v, *other)) same = false;
        });
        return same;
    }
    auto* xa = dynamic_cast<SetObject*>(a.obj());
    auto* xb = dynamic_cast<SetObject*>(b.obj());
    if (xa && xb) {
        if (xa->size() != xb->size()) return false;
        bool same = true;
        xa->for_each([&](const Value& k, const Value&) {
            if (same && !xb->find(*this, k)) same = false;
        });
        return same;
    }
    if (auto* ra = a.as<RangeObject>())
        if (auto* rb = b.as<RangeObject>())
            return ra->length() == rb->length() && (ra->length() == 0 || (ra->start == rb->start && ra->step == rb->step));
    return false;
}

bool Interpreter::less(const Value& a, const Value& b, SourceLocation loc) {
    return truthy(compare(CompareOperator::Lt, a, b, loc), loc);
}

namespace {

// -1, 0, 1 for built-in values that order; nullopt when they do not.
std::optional<int> builtin_order(Interpreter& in, const Value& a, const Value& b, SourceLocation loc) {
    if (is_number(a) && is_number(b)) {
        if (a.is_intlike() && b.is_intlike()) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
        double x = as_double(a), y = as_double(b);
        if (std::isnan(x) || std::isnan(y)) return std::nullopt;
        return x < y ? -1 : x > y ? 1 : 0;
    }
    if (auto* sa = a.as<StrObject>())
        if (auto* sb = b.as<StrObject>()) {
            int c = sa->value.compare(sb->value);  // UTF-8 byte order is code point order
            return c < 0 ? -1 : c > 0 ? 1 : 0;
        }
    if (auto* sa = a.as<BytesObject>())
        if (auto* sb = b.as<BytesObject>()) {
            int c = sa->value.compare(sb->value);
            return c < 0 ? -1 : c > 0 ? 1 : 0;
        }
    const std::vector<Value>* xa = nullptr;
    const std::vector<Value>* xb = nullptr;
    if (a.as<ListObject>() && b.as<ListObject>()) { xa = &a.as<ListObject>()->items; xb = &b.as<ListObject>()->items; }
    if (a.as<TupleObject>() && b.as<TupleObject>()) { xa = &a.as<TupleObject>()->items; xb = &b.as<TupleObject>()->items; }
    if (xa) {
        Interpreter::DepthGuard guard(in);
        for (std::size_t i = 0; i < xa->size() && i < xb->size(); ++i) {
            if (in.equal((*xa)[i], (*xb)[i])) continue;
            return in.less((*xa)[i], (*xb)[i], loc) ? -1 : 1;
        }
        return xa->size() < xb->size() ? -1 : xa->size() > xb->size() ? 1 : 0;
    }
    return std::nullopt;
}

}  // namespace

Value Interpreter::compare(CompareOperator op, const Value& a, const Value& b, SourceLocation loc) {
    switch (op) {
        case CompareOperator::Is: return Value::boolean(a.identical(b));
        case CompareOperator::IsNot: return Value::boolean(!a.identical(b));
        case CompareOperator::In: return Value::boolean(contains(b, a, loc));
        case CompareOperator::NotIn: return Value::boolean(!contains(b, a, loc));
        default: break;
    }
    if (a.is_obj() || b.is_obj()) {
        // Hosts and user classes first: SQLAlchemy's `column == 5` is an expression, not a bool.
        if (auto r = call_dunder(*this, a, compare_dunder(op), b, loc)) return *r;
        if (auto r = host_op(*this, a, compare_dunder(op), b, false)) return *r;
        if (auto r = call_dunder(*this, b, compare_reflection(op), a, loc)) return *r;
        if (auto r = host_op(*this, b, compare_reflection(op), a, true)) return *r;
    }
    if (op == CompareOperator::Eq) return Value::boolean(equal(a, b));
    if (op == CompareOperator::NotEq) return Value::boolean(!equal(a, b));
    const Value& ba = builtin_of(a);
    const Value& bb = builtin_of(b);
    if (auto o = builtin_order(*this, ba, bb, loc)) {
        switch (op) {
            case CompareOperator::Lt: return Value::boolean(*o < 0);
            case CompareOperator::LtE: return Value::boolean(*o <= 0);
            case CompareOperator::Gt: return Value::boolean(*o > 0);
            case CompareOperator::GtE: return Value::boolean(*o >= 0);
            default: break;
        }
    }
    if ((is_number(ba) && is_number(bb)))  // NaN
        return Value::boolean(false);
    auto* xa = a.is_obj() ? dynamic_cast<SetObject*>(a.obj()) : nullptr;
    auto* xb = b.is_obj() ? dynamic_cast<SetObject*>(b.obj()) : nullptr;
    if (xa && xb) {
        auto subset = [&](SetObject* x, SetObject* y) {
            bool all = true;
            x->for_each([&](const Value& k, const Value&) { if (all && !y->find(*this, k)) all = false; });
            return all;
        };
        switch (op) {
            case CompareOperator::LtE: return Value::boolean(subset(xa, xb));
            case CompareOperator::Lt: return Value::boolean(subset(xa, xb) && xa->size() < xb->size());
            case CompareOperator::GtE: return Value::boolean(subset(xb, xa));
            case CompareOperator::Gt: return Value::boolean(subset(xb, xa) && xb->size() < xa->size());
            default: break;
        }
    }
    if (a.is(ObjKind::Opaque)) return a;
    if (b.is(ObjKind::Opaque)) return b;
    raise(exc.TypeError, std::string("'") + compare_symbol(op) + "' not supported between instances of '" +
                             type_name(a) + "' and '" + type_name(b) + "'", loc);
}

bool Interpreter::contains(const Value& container, const Value& item, SourceLocation loc) {
    if (auto* l = container.as<ListObject>()) {
        for (auto& x : l->items)
            if (x.identical(item) || equal(x, item)) return true;
        return false;
    }
    if (auto* t = container.as<TupleObject>()) {
        for (auto& x : t->items)
            if (x.identical(item) || equal(x, item)) return true;
        return false;
    }
    if (container.is(ObjKind::Dict) || container.is(ObjKind::Set) || container.is(ObjKind::FrozenSet)) {
        if (!container.is(ObjKind::Dict) || true) {
            bool handled;
            builtin_hash(item, handled);
            if (!handled && (item.is(ObjKind::List) || item.is(ObjKind::Dict) || item.is(ObjKind::Set)))
                raise(exc.TypeError, "unhashable type: '" + type_name(item) + "'", loc);
        }
        return static_cast<DictObject*>(container.obj())->find(*this, item) != nullptr;
    }
    if (auto* s = container.as<StrObject>()) {
        const std::string* needle = str_of(item);
        if (!needle) raise(exc.TypeError, "'in <string>' requires string as left operand, not " + type_name(item), loc);
        return s->value.find(*needle) != std::string::npos;
    }
    if (auto* b = container.as<BytesObject>()) {
        if (auto* nb = item.as<BytesObject>()) return b->value.find(nb->value) != std::string::npos;
        if (item.is_intlike()) return b->value.find(static_cast<char>(item.as_int())) != std::string::npos;
    }
    if (auto* r = container.as<RangeObject>()) {
        if (!item.is_intlike()) return false;
        std::int64_t i = item.as_int();
        if (r->step > 0 ? (i < r->start || i >= r->stop) : (i > r->start || i <= r->stop)) return false;
        return (i - r->start) % r->step == 0;
    }
    if (auto* inst = container.as<InstanceObject>()) {
        if (const Value* m = inst->cls->lookup("__contains__"))
            return truthy(call(bind_attribute(*m, container, *inst->cls, loc), {item}, loc), loc);
        if (!inst->builtin_value.is_none()) return contains(inst->builtin_value, item, loc);
    }
    if (auto* h = container.host<HostObject>()) return h->contains(*this, item);
    if (auto* o = container.as<OpaqueObject>()) {
        opaque_used(*o, "empty", loc);
        return false;
    }
    bool found = false;
    for_each(container, loc, [&](const Value& x) {
        if (x.identical(item) || equal(x, item)) found = true;
        return !found;
    });
    return found;
}

std::uint64_t Interpreter::hash(const Value& v) {
    bool handled;
    std::uint64_t h = builtin_hash(v, handled);
    if (handled) return h;
    if (auto* t = v.as<TupleObject>()) {
        DepthGuard guard(*this);
        std::uint64_t acc = 0x345678;
        for (auto& x : t->items) acc = (acc ^ hash(x)) * 1000003;
        return acc;
    }
    if (auto* fs = v.as<FrozenSetObject>()) {
        std::uint64_t acc = 0x1f2e3d;
        fs->for_each([&](const Value& k, const Value&) { acc ^= hash(k) * 0x9E3779B97F4A7C15ull; });
        return acc;
    }
    if (v.is(ObjKind::List) || v.is(ObjKind::Dict) || v.is(ObjKind::Set))
        raise(exc.TypeError, "unhashable type: '" + type_name(v) + "'");
    if (auto* inst = v.as<InstanceObject>()) {
        if (const Value* m = inst->cls->lookup("__hash__"); m && !m->is_none() && !m->is(ObjKind::Native)) {
            Value r = call(bind_attribute(*m, v, *inst->cls, {}), {}, {});
            if (r.is_intlike()) return static_cast<std::uint64_t>(r.as_int());
        }
        if (!inst->builtin_value.is_none() && !inst->cls->lookup("__eq__")) return hash(inst->builtin_value);
    }
    if (auto* h2 = v.host<HostObject>()) return h2->hash();
    return reinterpret_cast<std::uintptr_t>(v.obj()) * 0x9E3779B97F4A7C15ull;
}

std::int64_t Interpreter::len(const Value& v, SourceLocation loc) {
    if (auto* s = v.as<StrObject>()) return static_cast<std::int64_t>(s->is_ascii() ? s->value.size() : s->char_count());
    if (auto* b = v.as<BytesObject>()) return static_cast<std::int64_t>(b->value.size());
    if (auto* l = v.as<ListObject>()) return static_cast<std::int64_t>(l->items.size());
    if (auto* t = v.as<TupleObject>()) return static_cast<std::int64_t>(t->items.size());
    if (v.is(ObjKind::Dict) || v.is(ObjKind::Set) || v.is(ObjKind::FrozenSet))
        return static_cast<std::int64_t>(static_cast<DictObject*>(v.obj())->size());
    if (auto* r = v.as<RangeObject>()) return r->length();
    if (auto* inst = v.as<InstanceObject>()) {
        if (const Value* m = inst->cls->lookup("__len__")) {
            Value r = call(bind_attribute(*m, v, *inst->cls, loc), {}, loc);
            if (r.is_intlike()) return r.as_int();
        }
        if (!inst->builtin_value.is_none()) return len(inst->builtin_value, loc);
    }
    if (auto* c = v.as<ClassObject>())
        if (NativeClassHooks* h = c->hooks_in_mro())
            if (auto it = h->class_iter(*this, *c)) return static_cast<std::int64_t>(to_vector(*it, loc).size());
    if (auto* h = v.host<HostObject>())
        if (auto n = h->len(*this)) return *n;
    if (auto* o = v.as<OpaqueObject>()) {
        opaque_used(*o, "empty", loc);
        return 0;
    }
    raise(exc.TypeError, "object of type '" + type_name(v) + "' has no len()", loc);
}

}  // namespace orm::python
