// Heap objects: the dict's hash table, string helpers, the makers, and the
// default behaviour of native class hooks and host objects (the TypeError or
// AttributeError Python raises for an operation a type does not support).
#include "orm/python/objects.hpp"

#include <cmath>
#include <cstring>

#include "orm/python/interpreter.hpp"

namespace orm::python {

// ---------------------------------------------------------------- strings

std::size_t StrObject::char_count() const {
    std::size_t n = 0;
    for (unsigned char c : value)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

bool StrObject::is_ascii() const {
    for (unsigned char c : value)
        if (c >= 0x80) return false;
    return true;
}

const std::string* str_of(const Value& v) {
    if (auto* s = v.as<StrObject>()) return &s->value;
    if (auto* i = v.as<InstanceObject>())
        if (auto* s = i->builtin_value.as<StrObject>()) return &s->value;
    return nullptr;
}

// ---------------------------------------------------------------- hashing

namespace {

std::uint64_t hash_bytes(std::string_view s) {
    // FNV-1a: deterministic across runs (Python randomises; orm must not).
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::uint64_t hash_int(std::int64_t i) { return static_cast<std::uint64_t>(i) * 0x9E3779B97F4A7C15ull; }

std::uint64_t hash_str_object(const StrObject& s) {
    if (!s.hashed) {
        s.hash_cache = hash_bytes(s.value);
        s.hashed = true;
    }
    return s.hash_cache;
}

}  // namespace

std::uint64_t hash_value(Interpreter& in, const Value& v) { return in.hash(v); }
bool values_equal(Interpreter& in, const Value& a, const Value& b) { return in.equal(a, b); }

// The interpreter's hash of the immediate and built-in values; instances
// and host objects go through Interpreter::hash.
std::uint64_t builtin_hash(const Value& v, bool& handled) {
    handled = true;
    switch (v.tag()) {
        case Value::Tag::None: return 0x5bd1e995;
        case Value::Tag::Bool: case Value::Tag::Int: return hash_int(v.as_int());
        case Value::Tag::Float: {
            double d = v.as_float();
            if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.2e18) return hash_int(static_cast<std::int64_t>(d));
            std::uint64_t bits;
            std::memcpy(&bits, &d, sizeof bits);
            return hash_int(static_cast<std::int64_t>(bits));
        }
        case Value::Tag::Obj: break;
    }
    if (auto* s = v.as<StrObject>()) return hash_str_object(*s);
    if (auto* b = v.as<BytesObject>()) return hash_bytes(b->value) ^ 0x1234567;
    handled = false;
    return 0;
}

// ---------------------------------------------------------------- dict

namespace {
constexpr std::int32_t kEmpty = -1;
}

long long DictObject::probe(std::uint64_t hash, const std::function<bool(const Entry&)>& same) const {
    if (index_.empty()) return -1;
    std::size_t mask = index_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        std::int32_t e = index_[i];
        if (e == kEmpty) return -1;
        const Entry& entry = entries_[static_cast<std::size_t>(e)];
        if (entry.live && entry.hash == hash && same(entry)) return e;
    }
}

void DictObject::insert_index(std::size_t entry) {
    std::size_t mask = index_.size() - 1;
    for (std::size_t i = entries_[entry].hash & mask;; i = (i + 1) & mask) {
        if (index_[i] == kEmpty) {
            index_[i] = static_cast<std::int32_t>(entry);
            return;
        }
    }
}

void DictObject::rebuild() {
    // Compact removed entries away, then size the index for twice the live count.
    if (live_ != entries_.size()) {
        std::vector<Entry> kept;
        kept.reserve(live_);
        for (auto& e : entries_)
            if (e.live) kept.push_back(std::move(e));
        entries_ = std::move(kept);
    }
    std::size_t size = 8;
    while (size < (entries_.size() + 1) * 2) size <<= 1;
    index_.assign(size, kEmpty);
    for (std::size_t i = 0; i < entries_.size(); ++i) insert_index(i);
}

Value* DictObject::find(Interpreter& in, const Value& key) {
    if (auto* s = key.as<StrObject>()) return find_str(s->value);
    if (entries_.empty()) return nullptr;
    std::uint64_t h = in.hash(key);
    long long e = probe(h, [&](const Entry& en) { return en.key.identical(key) || in.equal(en.key, key); });
    return e < 0 ? nullptr : &entries_[static_cast<std::size_t>(e)].value;
}

Value* DictObject::find_str(std::string_view key) {
    if (entries_.empty()) return nullptr;
    std::uint64_t h = hash_bytes(key);
    long long e = probe(h, [&](const Entry& en) {
        const std::string* s = str_of(en.key);
        return s && *s == key;
    });
    return e < 0 ? nullptr : &entries_[static_cast<std::size_t>(e)].value;
}

void DictObject::set(Interpreter& in, const Value& key, Value value) {
    if (Value* v = find(in, key)) {
        *v = std::move(value);
        return;
    }
    Entry e;
    e.key = key;
    e.value = std::move(value);
    e.hash = in.hash(key);
    entries_.push_back(std::move(e));
    ++live_;
    if (index_.empty() || entries_.size() * 2 > index_.size()) rebuild();
    else insert_index(entries_.size() - 1);
}

void DictObject::set_str(std::string_view key, Value value) {
    if (Value* v = find_str(key)) {
        *v = std::move(value);
        return;
    }
    Entry e;
    e.key = make_str(std::string(key));
    e.value = std::move(value);
    e.hash = hash_bytes(key);
    entries_.push_back(std::move(e));
    ++live_;
    if (index_.empty() || entries_.size() * 2 > index_.size()) rebuild();
    else insert_index(entries_.size() - 1);
}

bool DictObject::erase(Interpreter& in, const Value& key) {
    Value* v = find(in, key);
    if (!v) return false;
    for (auto& e : entries_)
        if (e.live && &e.value == v) {
            e.live = false;
            e.key = Value();
            e.value = Value();
            --live_;
            break;
        }
    rebuild();
    return true;
}

bool DictObject::erase_str(std::string_view key) {
    Value* v = find_str(key);
    if (!v) return false;
    for (auto& e : entries_)
        if (e.live && &e.value == v) {
            e.live = false;
            e.key = Value();
            e.value = Value();
            --live_;
            break;
        }
    rebuild();
    return true;
}

void DictObject::clear() {
    entries_.clear();
    index_.clear();
    live_ = 0;
}

std::vector<Value> DictObject::keys() const {
    std::vector<Value> out;
    out.reserve(live_);
    for (auto& e : entries_)
        if (e.live) out.push_back(e.key);
    return out;
}

// ---------------------------------------------------------------- range

std::int64_t RangeObject::length() const {
    if (step > 0 && start < stop) return (stop - start + step - 1) / step;
    if (step < 0 && start > stop) return (start - stop - step - 1) / (-step);
    return 0;
}

// ---------------------------------------------------------------- call args

const Value* CallArgs::kwarg(std::string_view name) const {
    for (auto& [k, v] : kw)
        if (k == name) return &v;
    return nullptr;
}

const Value* CallArgs::arg(std::string_view name, std::size_t index) const {
    if (auto* v = kwarg(name)) return v;
    return index < pos.size() ? &pos[index] : nullptr;
}

const Expr* CallArgs::pos_expr(std::size_t index) const {
    if (!node || spread || index < bound || index - bound >= node->args.size()) return nullptr;
    return node->args[index - bound].get();
}

const Expr* CallArgs::kw_expr(std::string_view name) const {
    if (!node) return nullptr;
    for (auto& k : node->keywords)
        if (k.name && *k.name == name) return k.value.get();
    return nullptr;
}

// ---------------------------------------------------------------- classes

NativeClassHooks* ClassObject::hooks_in_mro() const {
    for (ClassObject* c : mro)
        if (c->hooks) return c->hooks.get();
    return nullptr;
}

const Value* ClassObject::lookup(std::string_view n) const {
    for (ClassObject* c : mro)
        if (c->dict)
            if (const Value* v = c->dict->find_str(n)) return v;
    return nullptr;
}

bool ClassObject::is_subclass_of(const ClassObject* other) const {
    for (ClassObject* c : mro)
        if (c == other) return true;
    return false;
}

DictObject& InstanceObject::attrs() {
    if (!dict) dict = make_dict();
    return *dict;
}

std::optional<Value> InstanceObject::native_getattr(Interpreter&, std::string_view) { return std::nullopt; }
std::string InstanceObject::native_repr(Interpreter&) const { return {}; }

Ref<InstanceObject> NativeClassHooks::new_instance(Interpreter&, ClassObject&, CallArgs&) { return {}; }
void NativeClassHooks::on_subclass(Interpreter&, ClassObject&, SourceLocation) {}
bool NativeClassHooks::on_class_setattr(Interpreter&, ClassObject&, std::string_view, const Value&, SourceLocation) {
    return false;
}
std::optional<Value> NativeClassHooks::class_getattr(Interpreter&, ClassObject&, std::string_view) { return std::nullopt; }
std::optional<Value> NativeClassHooks::class_call(Interpreter&, ClassObject&, CallArgs&) { return std::nullopt; }
std::optional<Value> NativeClassHooks::class_iter(Interpreter&, ClassObject&) { return std::nullopt; }
std::optional<Value> NativeClassHooks::class_getitem(Interpreter&, ClassObject&, const Value&) { return std::nullopt; }

// ---------------------------------------------------------------- host objects

std::optional<Value> HostObject::get_attr(Interpreter&, std::string_view) { return std::nullopt; }

bool HostObject::set_attr(Interpreter& in, std::string_view name, const Value&) {
    in.raise(in.exc.AttributeError, "'" + type_name() + "' object attribute '" + std::string(name) + "' is read-only");
}

Value HostObject::call(Interpreter& in, CallArgs& args) {
    in.raise(in.exc.TypeError, "'" + type_name() + "' object is not callable", args.loc);
}

std::optional<Value> HostObject::get_item(Interpreter&, const Value&) { return std::nullopt; }
std::optional<Value> HostObject::iter(Interpreter&) { return std::nullopt; }
std::string HostObject::repr(Interpreter&) const { return "<" + type_name() + " object>"; }
std::optional<Value> HostObject::binary_op(Interpreter&, std::string_view, const Value&, bool) { return std::nullopt; }
std::optional<Value> HostObject::unary_op(Interpreter&, std::string_view) { return std::nullopt; }

bool HostObject::contains(Interpreter& in, const Value&) {
    in.raise(in.exc.TypeError, "argument of type '" + type_name() + "' is not iterable");
}

// ---------------------------------------------------------------- makers

namespace {
struct UnboundMarker : HostObject {
    std::string type_name() const override { return "<unbound>"; }
};
Object* unbound_marker() {
    static Object* marker = [] {
        Object* m = new UnboundMarker();
        m->retain();  // never freed
        return m;
    }();
    return marker;
}
}  // namespace

Value unbound() { return Value(unbound_marker()); }
bool is_unbound(const Value& v) { return v.obj() == unbound_marker(); }

Value make_str(std::string s) { return Value(new StrObject(std::move(s))); }
Value make_bytes(std::string s) { return Value(new BytesObject(std::move(s))); }
Value make_list(std::vector<Value> items) { return Value(new ListObject(std::move(items))); }
Value make_tuple(std::vector<Value> items) { return Value(new TupleObject(std::move(items))); }
Ref<DictObject> make_dict() { return Ref<DictObject>(new DictObject()); }
Value make_native(std::string name, NativeFn fn) { return Value(new NativeObject(std::move(name), std::move(fn))); }

}  // namespace orm::python
