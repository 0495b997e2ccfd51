// The enum module: Enum, IntEnum, StrEnum, Flag, IntFlag, auto, unique.
// A class statement over Enum turns its plain attributes into members, as
// Python's EnumType does: in order, aliases for repeated values, auto()
// values, the mixed-in type's value (class Color(str, Enum)) and a custom
// __init__ called with the value's parts.
#include "orm/python/stdlib.hpp"

#include "orm/python/exec.hpp"

namespace orm::python {

namespace {

struct AutoValue : HostObject {
    std::string type_name() const override { return "auto"; }
};

bool is_member_candidate(const std::string& name, const Value& v) {
    if (name.empty() || name[0] == '_') return false;
    if (v.is(ObjKind::Function) || v.is(ObjKind::Native) || v.is(ObjKind::ClassMethod) || v.is(ObjKind::StaticMethod) ||
        v.is(ObjKind::Property) || v.is(ObjKind::Class) || v.is(ObjKind::BoundMethod))
        return false;
    if (auto* h = v.host<HostObject>(); h && !v.host<AutoValue>()) {
        // Descriptors (a host object acting as an attribute) are not members.
        if (h->type_name() == "declared_attr" || h->type_name() == "hybrid_property") return false;
    }
    // Nor is an instance of a class that is a descriptor (defines __get__,
    // __set__ or __delete__, or derives from property), as Python's enum rules.
    if (auto* inst = v.as<InstanceObject>()) {
        if (inst->cls->lookup("__get__") || inst->cls->lookup("__set__") || inst->cls->lookup("__delete__"))
            return false;
        for (ClassObject* c : inst->cls->mro)
            if (c->name == "property" && c->builtin != BuiltinType::None_) return false;
    }
    return true;
}

ClassObject* mixin_type(Interpreter& in, ClassObject& cls) {
    for (ClassObject* c : cls.mro)
        if (c != in.types.object && in.builtin_constructors.count(c) && c->builtin != BuiltinType::None_) return c;
    return nullptr;
}

const ListObject* member_names(const ClassObject& cls) {
    const Value* v = cls.lookup("_member_names_");
    return v ? v->as<ListObject>() : nullptr;
}

class EnumHooks : public NativeClassHooks {
public:
    explicit EnumHooks(bool str_values, bool flag) : str_values_(str_values), flag_(flag) {}

    void on_subclass(Interpreter& in, ClassObject& cls, SourceLocation loc) override {
        for (std::size_t i = 1; i < cls.mro.size(); ++i) {
            const ListObject* names = member_names(*cls.mro[i]);
            if (names && !names->items.empty())
                in.raise(in.exc.TypeError, cls.name + ": cannot extend enumeration '" + cls.mro[i]->name + "'", loc);
        }
        ClassObject* mixin = mixin_type(in, cls);
        std::vector<Value> names;
        Ref<DictObject> map = make_dict();
        Ref<DictObject> by_value = make_dict();
        std::vector<Value> last_values;
        std::vector<std::pair<std::string, Value>> entries;
        std::vector<std::string> ignore;
        if (const Value* ig = cls.dict->find_str("_ignore_")) {
            if (auto* s = str_of(*ig)) {
                std::string cur;
                for (char ch : *s + " ") {
                    if (ch == ' ' || ch == ',') {
                        if (!cur.empty()) ignore.push_back(cur);
                        cur.clear();
                    } else {
                        cur += ch;
                    }
                }
            } else {
                for (auto& x : in.to_vector(*ig, loc))
                    if (auto* s = str_of(x)) ignore.push_back(*s);
            }
        }
        cls.dict->for_each([&](const Value& k, const Value& v) {
            const std::string* name = str_of(k);
            if (!name || !is_member_candidate(*name, v)) return;
            for (auto& i : ignore)
                if (i == *name) return;
            entries.emplace_back(*name, v);
        });
        for (auto& i : ignore) cls.dict->erase_str(i);
        const Value* init = nullptr;
        for (ClassObject* c : cls.mro) {
            if (c->hooks) break;  // Enum itself: its __init__ is not the members'
            if (c->dict)
                if (const Value* f = c->dict->find_str("__init__"); f && f->is(ObjKind::Function)) {
                    init = f;
                    break;
                }
        }
        for (auto& [name, raw] : entries) {
            Value value = raw;
            if (raw.host<AutoValue>()) value = next_value(in, cls, name, names.size(), last_values, loc);
            last_values.push_back(value);
            // A repeated value makes an alias of the first member.
            Value* existing = nullptr;
            try {
                existing = by_value->find(in, value);
            } catch (const PythonException&) {
                existing = nullptr;  // an unhashable value: compared one by one below
            }
            if (!existing) {
                for (auto& n : names) {
                    Value* m = map->find(in, n);
                    if (m && in.equal(m->as<InstanceObject>()->attrs().find_str("_value_") ? *m->as<InstanceObject>()->attrs().find_str("_value_") : Value(), value)) {
                        existing = m;
                        break;
                    }
                }
            }
            if (existing) {
                cls.dict->set_str(name, *existing);
                map->set_str(name, *existing);
                continue;
            }
            Ref<InstanceObject> member(new InstanceObject(&cls));
            std::vector<Value> parts = value.is(ObjKind::Tuple) ? value.as<TupleObject>()->items : std::vector<Value>{value};
            if (mixin) {
                CallArgs ca;
                ca.pos = mixin == in.types.str || !value.is(ObjKind::Tuple) ? std::vector<Value>{value} : parts;
                if (mixin == in.types.str && value.is(ObjKind::Tuple)) ca.pos = {parts.empty() ? make_str("") : parts[0]};
                ca.loc = loc;
                member->builtin_value = in.builtin_constructors[mixin](in, ca);
            }
            DictObject& attrs = member->attrs();
            attrs.set_str("_name_", make_str(name));
            attrs.set_str("name", make_str(name));
            Value stored = mixin && !init ? member->builtin_value : value;
            if (str_values_ && mixin) stored = member->builtin_value;
            attrs.set_str("_value_", stored);
            attrs.set_str("value", stored);
            if (init) {
                CallArgs ca;
                ca.pos.push_back(Value(member));
                for (auto& p : parts) ca.pos.push_back(p);
                ca.loc = loc;
                in.call(*init, ca);
                if (Value* v = attrs.find_str("_value_")) attrs.set_str("value", *v);
            }
            Value mv(member);
            cls.dict->set_str(name, mv);
            map->set_str(name, mv);
            names.push_back(make_str(name));
            try {
                by_value->set(in, stored, mv);
            } catch (const PythonException&) {
            }
        }
        cls.dict->set_str("_member_names_", make_list(std::move(names)));
        cls.dict->set_str("_member_map_", Value(map));
        cls.dict->set_str("_value2member_map_", Value(by_value));
    }

    std::optional<Value> class_call(Interpreter& in, ClassObject& cls, CallArgs& args) override {
        const ListObject* names = member_names(cls);
        if (names && !names->items.empty()) {
            if (args.pos.size() != 1) in.raise(in.exc.TypeError, cls.name + "() takes one argument: a member's value", args.loc);
            const Value& v = args.pos[0];
            if (auto* inst = v.as<InstanceObject>(); inst && inst->cls.get() == &cls) return v;
            const DictObject* map = cls.lookup("_member_map_")->as<DictObject>();
            for (auto& n : names->items) {
                Value member = *const_cast<DictObject*>(map)->find(in, n);
                if (in.equal(*member.as<InstanceObject>()->attrs().find_str("_value_"), v)) return member;
            }
            if (const Value* missing = cls.lookup("_missing_")) {
                Value r = in.call(in.bind_attribute(*missing, Value(&cls), cls, args.loc), {v}, args.loc);
                if (!r.is_none()) return r;
            }
            in.raise(in.exc.ValueError, in.repr(v) + " is not a valid " + cls.qualname, args.loc);
        }
        if (args.pos.size() >= 2) return functional(in, cls, args);
        if (args.pos.size() == 1)
            in.raise(in.exc.ValueError, in.repr(args.pos[0]) + " is not a valid " + cls.qualname, args.loc);
        in.raise(in.exc.TypeError, cls.name + "() takes a member's value", args.loc);
    }

    std::optional<Value> class_iter(Interpreter&, ClassObject& cls) override {
        std::vector<Value> out;
        if (const ListObject* names = member_names(cls)) {
            const Value* map = cls.lookup("_member_map_");
            for (auto& n : names->items)
                if (auto* s = str_of(n)) out.push_back(*map->as<DictObject>()->find_str(*s));
        }
        return make_list(std::move(out));
    }

    std::optional<Value> class_getitem(Interpreter& in, ClassObject& cls, const Value& key) override {
        const Value* map = cls.lookup("_member_map_");
        if (!map) return std::nullopt;
        if (Value* v = map->as<DictObject>()->find(in, key)) return *v;
        in.raise_value(in.make_exception(in.exc.KeyError, {key}), in.current_location());
    }

    std::optional<Value> class_getattr(Interpreter& in, ClassObject& cls, std::string_view name) override {
        if (name == "__members__") {
            Ref<DictObject> out = make_dict();
            if (const Value* map = cls.lookup("_member_map_"))
                map->as<DictObject>()->for_each([&](const Value& k, const Value& v) { out->set(in, k, v); });
            return Value(out);
        }
        return std::nullopt;
    }

    bool on_class_setattr(Interpreter& in, ClassObject& cls, std::string_view name, const Value&, SourceLocation loc) override {
        if (const Value* map = cls.lookup("_member_map_"); map && map->as<DictObject>()->find_str(name))
            in.raise(in.exc.AttributeError, "cannot reassign member '" + std::string(name) + "'", loc);
        return false;
    }

private:
    bool str_values_;
    bool flag_;

    Value next_value(Interpreter& in, ClassObject& cls, const std::string& name, std::size_t count,
                     const std::vector<Value>& last, SourceLocation loc) {
        if (const Value* gen = cls.lookup("_generate_next_value_"); gen && (gen->is(ObjKind::Function) || gen->is(ObjKind::StaticMethod))) {
            Value f = gen->is(ObjKind::StaticMethod) ? gen->as<StaticMethodObject>()->func : *gen;
            return in.call(f, {make_str(name), Value::integer(1), Value::integer(static_cast<std::int64_t>(count)), make_list(last)}, loc);
        }
        if (str_values_) {
            std::string lower = name;
            for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            return make_str(lower);
        }
        std::int64_t prev = 0;
        for (auto it = last.rbegin(); it != last.rend(); ++it)
            if (it->is_intlike()) {
                prev = it->as_int();
                break;
            }
        if (flag_) {
            std::int64_t v = 1;
            while (v <= prev) v <<= 1;
            return Value::integer(last.empty() ? 1 : v);
        }
        return Value::integer(last.empty() ? 1 : prev + 1);
    }

    // Enum("Color", "RED GREEN") and its list/dict forms.
    Value functional(Interpreter& in, ClassObject& cls, CallArgs& args) {
        const std::string* name = str_of(args.pos[0]);
        if (!name) in.raise(in.exc.TypeError, "Enum(): the first argument must be the class name", args.loc);
        Ref<DictObject> ns = make_dict();
        const Value& spec = args.pos[1];
        std::int64_t n = 1;
        if (auto* s = str_of(spec)) {
            std::string cur;
            for (char ch : *s + " ") {
                if (ch == ' ' || ch == ',') {
                    if (!cur.empty()) ns->set_str(cur, str_values_ ? make_str(cur) : Value::integer(n++));
                    cur.clear();
                } else {
                    cur += ch;
                }
            }
        } else if (auto* d = spec.as<DictObject>()) {
            d->for_each([&](const Value& k, const Value& v) { ns->set(in, k, v); });
        } else {
            for (auto& item : in.to_vector(spec, args.loc)) {
                if (auto* s = str_of(item)) ns->set_str(*s, Value::integer(n++));
                else {
                    auto kv = in.to_vector(item, args.loc);
                    if (kv.size() == 2) ns->set(in, kv[0], kv[1]);
                }
            }
        }
        std::string module = in.frame() && in.frame()->module ? in.frame()->module->name : "__main__";
        return Value(in.build_class(*name, {Value(&cls)}, ns, module, args.loc));
    }
};

void enum_methods(Interpreter& in, ClassObject& e, bool value_str) {
    in.add_method(e, "__repr__", [](Interpreter& in, CallArgs& a) {
        auto* m = a.pos[0].as<InstanceObject>();
        const Value* name = m->attrs().find_str("_name_");
        const Value* value = m->attrs().find_str("_value_");
        if (!name) return make_str("<" + m->cls->name + ">");
        return make_str("<" + m->cls->name + "." + in.str(*name) + ": " + in.repr(value ? *value : Value()) + ">");
    });
    in.add_method(e, "__str__", [value_str](Interpreter& in, CallArgs& a) {
        auto* m = a.pos[0].as<InstanceObject>();
        if (value_str && !m->builtin_value.is_none()) return make_str(in.str(m->builtin_value));
        const Value* name = m->attrs().find_str("_name_");
        return make_str(m->cls->name + "." + (name ? in.str(*name) : std::string()));
    });
    in.add_method(e, "__format__", [value_str](Interpreter& in, CallArgs& a) {
        auto* m = a.pos[0].as<InstanceObject>();
        std::string spec = a.pos.size() > 1 && str_of(a.pos[1]) ? *str_of(a.pos[1]) : "";
        if (!m->builtin_value.is_none()) return make_str(in.format(m->builtin_value, spec, a.loc));
        (void)value_str;
        return make_str(in.format(make_str(in.str(a.pos[0])), spec, a.loc));
    });
    in.add_method(e, "__hash__", [](Interpreter& in, CallArgs& a) {
        auto* m = a.pos[0].as<InstanceObject>();
        const Value* name = m->attrs().find_str("_name_");
        return Value::integer(static_cast<std::int64_t>(in.hash(name ? *name : Value()) >> 2));
    });
    in.add_method(e, "__reduce_ex__", [](Interpreter&, CallArgs& a) { return a.pos[0]; });
}

}  // namespace

void register_enum_module(Interpreter& in) {
    in.register_module("enum", [](Interpreter& in, ModuleObject& m) {
        DictObject& d = *m.dict;
        auto make = [&](const char* name, std::vector<Ref<ClassObject>> bases, bool str_values, bool flag, bool value_str) {
            Ref<ClassObject> c = in.make_class(name, bases, "enum");
            c->hooks = std::make_shared<EnumHooks>(str_values, flag);
            c->dict->set_str("_member_names_", make_list());
            c->dict->set_str("_member_map_", Value(make_dict()));
            enum_methods(in, *c, value_str);
            d.set_str(name, Value(c));
            return c;
        };
        Ref<ClassObject> e = make("Enum", {}, false, false, false);
        make("IntEnum", {in.types.int_, e}, false, false, true);
        make("StrEnum", {in.types.str, e}, true, false, true);
        Ref<ClassObject> flag = make("Flag", {e}, false, true, false);
        make("IntFlag", {in.types.int_, flag}, false, true, true);
        d.set_str("ReprEnum", Value(e));
        d.set_str("EnumMeta", Value(in.types.type));
        d.set_str("EnumType", Value(in.types.type));
        d.set_str("auto", make_native("enum.auto", [](Interpreter&, CallArgs&) { return Value(new AutoValue()); }));
        d.set_str("unique", make_native("enum.unique", [](Interpreter&, CallArgs& a) { return a.pos.empty() ? Value() : a.pos[0]; }));
        d.set_str("verify", make_native("enum.verify", [](Interpreter&, CallArgs&) {
            return make_native("enum.verify.decorator", [](Interpreter&, CallArgs& b) { return b.pos.empty() ? Value() : b.pos[0]; });
        }));
        for (const char* n : {"UNIQUE", "CONTINUOUS", "NAMED_FLAGS", "STRICT", "CONFORM", "EJECT", "KEEP"}) d.set_str(n, make_str(n));
    });
}

}  // namespace orm::python
