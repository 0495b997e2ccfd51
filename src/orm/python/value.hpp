// The interpreter's values. A Value is small and copied freely: None, a bool,
// a 64-bit int, a float, or a counted reference to a heap Object (strings,
// containers, functions, classes, instances, modules and the host objects
// that higher layers implement natively). This is starlark-go's Value model
// with Python's object semantics: every Object has a Python type (a
// ClassObject), and attribute access, calls, operators and iteration go
// through that type or through the object's own virtual hooks.
//
// Reference counting is intrusive and not thread-safe: one interpreter runs
// on one thread. Cycles (a class whose dict holds a function whose globals
// hold the class) are not collected; an interpreter's garbage lives until the
// process ends, which is bounded by its step budget.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace orm::python {

class Object;
class Interpreter;
class ClassObject;

// A counted reference to an Object (or a subclass).
template <class T>
class Ref {
public:
    Ref() = default;
    Ref(T* p) : p_(p) { retain(); }  // NOLINT: implicit, as a raw pointer converts
    Ref(const Ref& o) : p_(o.p_) { retain(); }
    Ref(Ref&& o) noexcept : p_(o.p_) { o.p_ = nullptr; }
    template <class U>
    Ref(const Ref<U>& o) : p_(o.get()) { retain(); }  // NOLINT: upcast
    ~Ref() { release(); }
    Ref& operator=(const Ref& o) {
        if (o.p_ != p_) {
            Ref tmp(o);
            std::swap(p_, tmp.p_);
        }
        return *this;
    }
    Ref& operator=(Ref&& o) noexcept {
        std::swap(p_, o.p_);
        return *this;
    }
    T* get() const { return p_; }
    T* operator->() const { return p_; }
    T& operator*() const { return *p_; }
    explicit operator bool() const { return p_ != nullptr; }

private:
    void retain();
    void release();
    T* p_ = nullptr;
};

// What kind of heap object a Value refers to; lets code test a kind without
// a dynamic_cast. Host objects of higher layers are Host (or Instance, when
// they are instances of a class that Python code may subclass).
enum class ObjKind : std::uint8_t {
    Str, Bytes, BigInt, List, Tuple, Dict, Set, FrozenSet, Range, Slice,
    Function, Native, BoundMethod, Class, Instance, Module, Cell, Iterator,
    Property, ClassMethod, StaticMethod, Super, Opaque, Host,
};

class Object {
public:
    explicit Object(ObjKind kind) : kind_(kind) {}
    virtual ~Object() = default;
    Object(const Object&) = delete;
    Object& operator=(const Object&) = delete;

    ObjKind kind() const { return kind_; }
    void retain() const { ++refs_; }
    void release() const {
        if (--refs_ == 0) delete this;
    }

private:
    ObjKind kind_;
    mutable std::uint32_t refs_ = 0;
};

template <class T>
void Ref<T>::retain() {
    if (p_) static_cast<const Object*>(p_)->retain();
}
template <class T>
void Ref<T>::release() {
    if (p_) static_cast<const Object*>(p_)->release();
    p_ = nullptr;
}

class Value {
public:
    enum class Tag : std::uint8_t { None, Bool, Int, Float, Obj };

    Value() : tag_(Tag::None), i_(0) {}
    static Value none() { return Value(); }
    static Value boolean(bool b) { Value v; v.tag_ = Tag::Bool; v.i_ = b; return v; }
    static Value integer(std::int64_t i) { Value v; v.tag_ = Tag::Int; v.i_ = i; return v; }
    static Value floating(double d) { Value v; v.tag_ = Tag::Float; v.f_ = d; return v; }
    template <class T>
    Value(const Ref<T>& r) : tag_(r ? Tag::Obj : Tag::None), o_(r.get()) {  // NOLINT
        if (o_) o_->retain();
    }
    Value(Object* o) : tag_(o ? Tag::Obj : Tag::None), o_(o) {  // NOLINT
        if (o_) o_->retain();
    }
    Value(const Value& v) : tag_(v.tag_), i_(v.i_) {
        if (tag_ == Tag::Obj) o_->retain();
    }
    Value(Value&& v) noexcept : tag_(v.tag_), i_(v.i_) { v.tag_ = Tag::None; }
    ~Value() {
        if (tag_ == Tag::Obj) o_->release();
    }
    Value& operator=(const Value& v) {
        if (this != &v) {
            Value tmp(v);
            swap(tmp);
        }
        return *this;
    }
    Value& operator=(Value&& v) noexcept {
        swap(v);
        return *this;
    }
    void swap(Value& v) noexcept {
        std::swap(tag_, v.tag_);
        std::swap(i_, v.i_);
    }

    Tag tag() const { return tag_; }
    bool is_none() const { return tag_ == Tag::None; }
    bool is_bool() const { return tag_ == Tag::Bool; }
    bool is_int() const { return tag_ == Tag::Int; }        // not bool: see is_intlike()
    bool is_intlike() const { return tag_ == Tag::Int || tag_ == Tag::Bool; }
    bool is_float() const { return tag_ == Tag::Float; }
    bool is_obj() const { return tag_ == Tag::Obj; }
    bool as_bool() const { return i_ != 0; }
    std::int64_t as_int() const { return i_; }   // also a bool's 0/1
    double as_float() const { return f_; }
    Object* obj() const { return tag_ == Tag::Obj ? o_ : nullptr; }
    bool is(ObjKind k) const { return tag_ == Tag::Obj && o_->kind() == k; }

    // The object as T when it is of T's kind (T::static_kind), else nullptr.
    template <class T>
    T* as() const {
        return tag_ == Tag::Obj && o_->kind() == T::static_kind ? static_cast<T*>(o_) : nullptr;
    }
    // The object as T, for host objects of higher layers (a dynamic_cast).
    template <class T>
    T* host() const {
        return tag_ == Tag::Obj ? dynamic_cast<T*>(o_) : nullptr;
    }
    // Same object, or same immediate value (Python's `is`).
    bool identical(const Value& v) const {
        if (tag_ != v.tag_) return false;
        if (tag_ == Tag::Float) return f_ == v.f_;
        return i_ == v.i_;
    }

private:
    Tag tag_;
    union {
        std::int64_t i_;
        double f_;
        Object* o_;
    };
};

}  // namespace orm::python
