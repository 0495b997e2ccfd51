// Subscripts (indexing and slicing of sequences, dict lookups, class
// subscripts such as Mapped[int]) and iteration over every iterable kind.
#include <algorithm>

#include "orm/python/exec.hpp"
#include "orm/python/typing.hpp"

namespace orm::python {

namespace {

std::int64_t index_of(Interpreter& in, const Value& key, std::int64_t size, const char* what, SourceLocation loc) {
    Value k = key;
    if (auto* inst = key.as<InstanceObject>(); inst && inst->builtin_value.is_intlike()) k = inst->builtin_value;
    if (!k.is_intlike())
        in.raise(in.exc.TypeError, std::string(what) + " indices must be integers or slices, not " + in.type_name(key), loc);
    std::int64_t i = k.as_int();
    if (i < 0) i += size;
    if (i < 0 || i >= size) in.raise(in.exc.IndexError, std::string(what) + " index out of range", loc);
    return i;
}

// Python's slice.indices(): start, stop, step clamped to a sequence of `size`.
struct SliceRange {
    std::int64_t start, stop, step;
    std::int64_t count() const {
        if (step > 0) return start < stop ? (stop - start + step - 1) / step : 0;
        return start > stop ? (start - stop - step - 1) / (-step) : 0;
    }
};

SliceRange slice_range(Interpreter& in, const SliceObject& s, std::int64_t size, SourceLocation loc) {
    auto get = [&](const Value& v, const char* what) -> std::optional<std::int64_t> {
        if (v.is_none()) return std::nullopt;
        if (!v.is_intlike()) in.raise(in.exc.TypeError, std::string("slice ") + what + " must be an integer or None", loc);
        return v.as_int();
    };
    std::int64_t step = get(s.step, "step").value_or(1);
    if (step == 0) in.raise(in.exc.ValueError, "slice step cannot be zero", loc);
    auto clamp = [&](std::optional<std::int64_t> v, std::int64_t dflt) {
        if (!v) return dflt;
        std::int64_t i = *v;
        if (i < 0) {
            i += size;
            if (i < 0) i = step < 0 ? -1 : 0;
        } else if (i >= size) {
            i = step < 0 ? size - 1 : size;
        }
        return i;
    };
    std::int64_t start = clamp(get(s.start, "start"), step < 0 ? size - 1 : 0);
    std::int64_t stop = clamp(get(s.stop, "stop"), step < 0 ? -1 : size);
    return {start, stop, step};
}

template <class T>
std::vector<T> take(const std::vector<T>& items, const SliceRange& r) {
    std::vector<T> out;
    std::int64_t n = r.count();
    out.reserve(static_cast<std::size_t>(n));
    for (std::int64_t k = 0, i = r.start; k < n; ++k, i += r.step) out.push_back(items[static_cast<std::size_t>(i)]);
    return out;
}

// Byte offsets of each character of a UTF-8 string (plus its end).
std::vector<std::size_t> char_offsets(const std::string& s) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
    out.push_back(s.size());
    return out;
}

Value str_item(Interpreter& in, const StrObject& s, const Value& key, SourceLocation loc) {
    bool ascii = s.is_ascii();
    if (auto* sl = key.as<SliceObject>()) {
        if (ascii) {
            SliceRange r = slice_range(in, *sl, static_cast<std::int64_t>(s.value.size()), loc);
            if (r.step == 1) return make_str(r.count() ? s.value.substr(static_cast<std::size_t>(r.start), static_cast<std::size_t>(r.count())) : "");
            std::string out;
            for (std::int64_t k = 0, i = r.start; k < r.count(); ++k, i += r.step) out += s.value[static_cast<std::size_t>(i)];
            return make_str(std::move(out));
        }
        auto offs = char_offsets(s.value);
        SliceRange r = slice_range(in, *sl, static_cast<std::int64_t>(offs.size() - 1), loc);
        std::string out;
        for (std::int64_t k = 0, i = r.start; k < r.count(); ++k, i += r.step) {
            auto b = offs[static_cast<std::size_t>(i)], e = offs[static_cast<std::size_t>(i) + 1];
            out += s.value.substr(b, e - b);
        }
        return make_str(std::move(out));
    }
    if (ascii) {
        std::int64_t i = index_of(in, key, static_cast<std::int64_t>(s.value.size()), "string", loc);
        return make_str(std::string(1, s.value[static_cast<std::size_t>(i)]));
    }
    auto offs = char_offsets(s.value);
    std::int64_t i = index_of(in, key, static_cast<std::int64_t>(offs.size() - 1), "string", loc);
    auto b = offs[static_cast<std::size_t>(i)], e = offs[static_cast<std::size_t>(i) + 1];
    return make_str(s.value.substr(b, e - b));
}

[[noreturn]] void key_error(Interpreter& in, const Value& key, SourceLocation loc) {
    in.raise_value(in.make_exception(in.exc.KeyError, {key}), loc);
}

}  // namespace

Value Interpreter::getitem(const Value& obj, const Value& key, SourceLocation loc) {
    if (!obj.is_obj()) raise(exc.TypeError, "'" + type_name(obj) + "' object is not subscriptable", loc);
    switch (obj.obj()->kind()) {
        case ObjKind::List: {
            auto& items = obj.as<ListObject>()->items;
            if (auto* sl = key.as<SliceObject>())
                return make_list(take(items, slice_range(*this, *sl, static_cast<std::int64_t>(items.size()), loc)));
            return items[static_cast<std::size_t>(index_of(*this, key, static_cast<std::int64_t>(items.size()), "list", loc))];
        }
        case ObjKind::Tuple: {
            auto& items = obj.as<TupleObject>()->items;
            if (auto* sl = key.as<SliceObject>())
                return make_tuple(take(items, slice_range(*this, *sl, static_cast<std::int64_t>(items.size()), loc)));
            return items[static_cast<std::size_t>(index_of(*this, key, static_cast<std::int64_t>(items.size()), "tuple", loc))];
        }
        case ObjKind::Str: return str_item(*this, *obj.as<StrObject>(), key, loc);
        case ObjKind::Bytes: {
            auto& b = obj.as<BytesObject>()->value;
            if (auto* sl = key.as<SliceObject>()) {
                SliceRange r = slice_range(*this, *sl, static_cast<std::int64_t>(b.size()), loc);
                std::string out;
                for (std::int64_t k = 0, i = r.start; k < r.count(); ++k, i += r.step) out += b[static_cast<std::size_t>(i)];
                return make_bytes(std::move(out));
            }
            return Value::integer(static_cast<unsigned char>(b[static_cast<std::size_t>(index_of(*this, key, static_cast<std::int64_t>(b.size()), "bytes", loc))]));
        }
        case ObjKind::Range: {
            auto* r = obj.as<RangeObject>();
            if (key.as<SliceObject>()) {
                std::vector<Value> all;
                for (std::int64_t i = 0; i < r->length(); ++i) all.push_back(Value::integer(r->start + i * r->step));
                return getitem(make_list(std::move(all)), key, loc);
            }
            return Value::integer(r->start + index_of(*this, key, r->length(), "range object", loc) * r->step);
        }
        case ObjKind::Dict: {
            if (Value* v = obj.as<DictObject>()->find(*this, key)) return *v;
            key_error(*this, key, loc);
        }
        case ObjKind::Instance: {
            auto* inst = obj.as<InstanceObject>();
            if (const Value* m = inst->cls->lookup("__getitem__"))
                return call(bind_attribute(*m, obj, *inst->cls, loc), {key}, loc);
            if (!inst->builtin_value.is_none()) {
                if (auto* d = inst->builtin_value.as<DictObject>(); d && !d->find(*this, key))
                    if (const Value* missing = inst->cls->lookup("__missing__"))
                        return call(bind_attribute(*missing, obj, *inst->cls, loc), {key}, loc);
                return getitem(inst->builtin_value, key, loc);
            }
            break;
        }
        case ObjKind::Class: {
            auto* c = obj.as<ClassObject>();
            if (NativeClassHooks* h = c->hooks_in_mro())
                if (auto v = h->class_getitem(*this, *c, key)) return *v;
            if (const Value* cg = c->lookup("__class_getitem__")) {
                Value f = cg->is(ObjKind::ClassMethod) ? cg->as<ClassMethodObject>()->func : *cg;
                return call(f, {obj, key}, loc);
            }
            if (c->builtin != BuiltinType::None_ || !c->opaque_bases.empty() || c->lookup("__parameters__") ||
                c == types.type) {
                std::vector<Value> args;
                if (auto* t = key.as<TupleObject>()) args = t->items;
                else args.push_back(key);
                return Value(new GenericAliasObject(obj, std::move(args), c->name));
            }
            // Generic[T] subclasses and the like: subscripting a user class gives an alias.
            std::vector<Value> args;
            if (auto* t = key.as<TupleObject>()) args = t->items;
            else args.push_back(key);
            return Value(new GenericAliasObject(obj, std::move(args), c->name));
        }
        case ObjKind::Host:
            if (auto v = obj.host<HostObject>()->get_item(*this, key)) return *v;
            break;
        case ObjKind::Opaque: {
            auto* o = obj.as<OpaqueObject>();
            return Value(new OpaqueObject(o->name + "[...]", o->module, o->origin));
        }
        default: break;
    }
    raise(exc.TypeError, "'" + type_name(obj) + "' object is not subscriptable", loc);
}

void Interpreter::setitem(const Value& obj, const Value& key, const Value& value, SourceLocation loc) {
    if (auto* l = obj.as<ListObject>()) {
        if (auto* sl = key.as<SliceObject>()) {
            SliceRange r = slice_range(*this, *sl, static_cast<std::int64_t>(l->items.size()), loc);
            std::vector<Value> repl = to_vector(value, loc);
            if (r.step != 1) {
                if (static_cast<std::int64_t>(repl.size()) != r.count())
                    raise(exc.ValueError, "attempt to assign sequence of size " + std::to_string(repl.size()) +
                                              " to extended slice of size " + std::to_string(r.count()), loc);
                for (std::int64_t k = 0, i = r.start; k < r.count(); ++k, i += r.step) l->items[static_cast<std::size_t>(i)] = repl[static_cast<std::size_t>(k)];
                return;
            }
            auto b = l->items.begin() + r.start;
            auto e = r.stop > r.start ? l->items.begin() + r.stop : b;
            l->items.erase(b, e);
            l->items.insert(l->items.begin() + r.start, repl.begin(), repl.end());
            return;
        }
        l->items[static_cast<std::size_t>(index_of(*this, key, static_cast<std::int64_t>(l->items.size()), "list assignment", loc))] = value;
        return;
    }
    if (auto* d = obj.as<DictObject>()) {
        bool handled;
        builtin_hash(key, handled);
        if (!handled && (key.is(ObjKind::List) || key.is(ObjKind::Dict) || key.is(ObjKind::Set)))
            raise(exc.TypeError, "unhashable type: '" + type_name(key) + "'", loc);
        d->set(*this, key, value);
        return;
    }
    if (auto* inst = obj.as<InstanceObject>()) {
        if (const Value* m = inst->cls->lookup("__setitem__")) {
            call(bind_attribute(*m, obj, *inst->cls, loc), {key, value}, loc);
            return;
        }
        if (!inst->builtin_value.is_none()) return setitem(inst->builtin_value, key, value, loc);
    }
    if (auto* h = obj.host<HostObject>())
        if (h->set_item(*this, key, value)) return;
    if (obj.is(ObjKind::Opaque)) return;
    raise(exc.TypeError, "'" + type_name(obj) + "' object does not support item assignment", loc);
}

void Interpreter::delitem(const Value& obj, const Value& key, SourceLocation loc) {
    if (auto* l = obj.as<ListObject>()) {
        if (auto* sl = key.as<SliceObject>()) {
            SliceRange r = slice_range(*this, *sl, static_cast<std::int64_t>(l->items.size()), loc);
            std::vector<bool> drop(l->items.size(), false);
            for (std::int64_t k = 0, i = r.start; k < r.count(); ++k, i += r.step) drop[static_cast<std::size_t>(i)] = true;
            std::vector<Value> kept;
            for (std::size_t i = 0; i < l->items.size(); ++i)
                if (!drop[i]) kept.push_back(l->items[i]);
            l->items = std::move(kept);
            return;
        }
        auto i = index_of(*this, key, static_cast<std::int64_t>(l->items.size()), "list assignment", loc);
        l->items.erase(l->items.begin() + i);
        return;
    }
    if (auto* d = obj.as<DictObject>()) {
        if (!d->erase(*this, key)) key_error(*this, key, loc);
        return;
    }
    if (auto* inst = obj.as<InstanceObject>()) {
        if (const Value* m = inst->cls->lookup("__delitem__")) {
            call(bind_attribute(*m, obj, *inst->cls, loc), {key}, loc);
            return;
        }
        if (!inst->builtin_value.is_none()) return delitem(inst->builtin_value, key, loc);
    }
    raise(exc.TypeError, "'" + type_name(obj) + "' object does not support item deletion", loc);
}

// ---------------------------------------------------------------- iteration

namespace {

struct SequenceIterator : IteratorObject {
    explicit SequenceIterator(Value s) : seq(std::move(s)) {}
    Value seq;
    std::size_t i = 0;
    std::optional<Value> next(Interpreter&) override {
        const std::vector<Value>* items = seq.as<ListObject>() ? &seq.as<ListObject>()->items : &seq.as<TupleObject>()->items;
        if (i >= items->size()) return std::nullopt;  // a list may grow or shrink while it is iterated
        return (*items)[i++];
    }
    std::string type_name() const override { return seq.is(ObjKind::List) ? "list_iterator" : "tuple_iterator"; }
};

struct KeysIterator : IteratorObject {
    KeysIterator(Value d, std::vector<Value> k) : dict(std::move(d)), keys(std::move(k)) {}
    Value dict;                 // kept alive while iterated
    std::vector<Value> keys;    // a snapshot: changing the size while iterating is the caller's mistake
    std::size_t i = 0;
    std::optional<Value> next(Interpreter&) override {
        if (i >= keys.size()) return std::nullopt;
        return keys[i++];
    }
    std::string type_name() const override { return "dict_keyiterator"; }
};

struct StrIterator : IteratorObject {
    explicit StrIterator(Value s) : str(std::move(s)) {}
    Value str;
    std::size_t pos = 0;
    std::optional<Value> next(Interpreter&) override {
        const std::string& s = str.as<StrObject>()->value;
        if (pos >= s.size()) return std::nullopt;
        std::size_t end = pos + 1;
        while (end < s.size() && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) ++end;
        Value out = make_str(s.substr(pos, end - pos));
        pos = end;
        return out;
    }
    std::string type_name() const override { return "str_iterator"; }
};

struct BytesIterator : IteratorObject {
    explicit BytesIterator(Value b) : bytes(std::move(b)) {}
    Value bytes;
    std::size_t pos = 0;
    std::optional<Value> next(Interpreter&) override {
        const std::string& s = bytes.as<BytesObject>()->value;
        if (pos >= s.size()) return std::nullopt;
        return Value::integer(static_cast<unsigned char>(s[pos++]));
    }
};

struct RangeIterator : IteratorObject {
    RangeIterator(std::int64_t s, std::int64_t n, std::int64_t st) : start(s), count(n), step(st) {}
    std::int64_t start, count, step, i = 0;
    std::optional<Value> next(Interpreter&) override {
        if (i >= count) return std::nullopt;
        return Value::integer(start + (i++) * step);
    }
    std::string type_name() const override { return "range_iterator"; }
};

// An object with __iter__/__next__ (a user class).
struct ProtocolIterator : IteratorObject {
    explicit ProtocolIterator(Value it) : iterator(std::move(it)) {}
    Value iterator;
    std::optional<Value> next(Interpreter& in) override {
        try {
            return in.call(in.getattr(iterator, "__next__", {}), {}, {});
        } catch (const PythonException& e) {
            if (in.isinstance(e.value(), in.exc.StopIteration)) return std::nullopt;
            throw;
        }
    }
};

}  // namespace

Ref<IteratorObject> Interpreter::iter(const Value& v, SourceLocation loc) {
    if (v.is_obj()) {
        switch (v.obj()->kind()) {
            case ObjKind::List: case ObjKind::Tuple: return Ref<IteratorObject>(new SequenceIterator(v));
            case ObjKind::Dict: case ObjKind::Set: case ObjKind::FrozenSet:
                return Ref<IteratorObject>(new KeysIterator(v, static_cast<DictObject*>(v.obj())->keys()));
            case ObjKind::Str: return Ref<IteratorObject>(new StrIterator(v));
            case ObjKind::Bytes: return Ref<IteratorObject>(new BytesIterator(v));
            case ObjKind::Range: {
                auto* r = v.as<RangeObject>();
                return Ref<IteratorObject>(new RangeIterator(r->start, r->length(), r->step));
            }
            case ObjKind::Iterator: return Ref<IteratorObject>(v.as<IteratorObject>());
            case ObjKind::Instance: {
                auto* inst = v.as<InstanceObject>();
                if (const Value* m = inst->cls->lookup("__iter__")) {
                    Value it = call(bind_attribute(*m, v, *inst->cls, loc), {}, loc);
                    if (auto* io = it.as<IteratorObject>()) return Ref<IteratorObject>(io);
                    if (it.identical(v) || it.as<InstanceObject>()) return Ref<IteratorObject>(new ProtocolIterator(it));
                    return iter(it, loc);
                }
                if (const Value* m = inst->cls->lookup("__getitem__"); m && !inst->cls->lookup("__len__")) {
                    (void)m;
                }
                if (!inst->builtin_value.is_none()) return iter(inst->builtin_value, loc);
                break;
            }
            case ObjKind::Class: {
                auto* c = v.as<ClassObject>();
                if (NativeClassHooks* h = c->hooks_in_mro())
                    if (auto it = h->class_iter(*this, *c)) return iter(*it, loc);
                break;
            }
            case ObjKind::Host:
                if (auto it = v.host<HostObject>()->iter(*this)) return iter(*it, loc);
                break;
            case ObjKind::Opaque:
                opaque_used(*v.as<OpaqueObject>(), "empty", loc);
                return Ref<IteratorObject>(new SequenceIterator(make_list()));
            default: break;
        }
    }
    raise(exc.TypeError, "'" + type_name(v) + "' object is not iterable", loc);
}

void Interpreter::for_each(const Value& v, SourceLocation loc, const std::function<bool(const Value&)>& f) {
    if (auto* l = v.as<ListObject>()) {
        for (std::size_t i = 0; i < l->items.size(); ++i) {
            Value item = l->items[i];
            if (!f(item)) return;
        }
        return;
    }
    if (auto* t = v.as<TupleObject>()) {
        for (auto& item : t->items)
            if (!f(item)) return;
        return;
    }
    Ref<IteratorObject> it = iter(v, loc);
    while (auto item = it->next(*this))
        if (!f(*item)) return;
}

std::vector<Value> Interpreter::to_vector(const Value& v, SourceLocation loc) {
    if (auto* l = v.as<ListObject>()) return l->items;
    if (auto* t = v.as<TupleObject>()) return t->items;
    std::vector<Value> out;
    for_each(v, loc, [&](const Value& x) {
        step();
        out.push_back(x);
        return true;
    });
    return out;
}

}  // namespace orm::python
