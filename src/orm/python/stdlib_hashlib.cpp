// The hashlib module: md5, sha1, the SHA-2 and SHA-3 families, blake2b and
// blake2s, and new(name): hash objects with update(), digest(),
// hexdigest(), copy(), name, digest_size and block_size, computed by
// core/digest. Revisions hash tokens and passwords with these.
#include "orm/core/digest.hpp"
#include "orm/python/stdlib_support.hpp"

namespace orm::python {

namespace {

using support::payload;

struct HashObject : InstanceObject {
    using InstanceObject::InstanceObject;
    std::string algorithm;  // hashlib's name: "sha256", "sha3_256", ...
    std::string data;       // everything given so far (digests are computed when asked)
};

const char* const kConstructors[] = {"md5",      "sha1",     "sha224",   "sha256",     "sha384",     "sha512",
                                     "sha3_224", "sha3_256", "sha3_384", "sha3_512",   "blake2b",    "blake2s",
                                     "sha512_224", "sha512_256"};

// The bytes a hash is fed: bytes only, as hashlib (a str must be encoded first).
const std::string& data_of(Interpreter& in, const Value& v, SourceLocation loc) {
    if (auto* b = v.as<BytesObject>()) return b->value;
    if (str_of(v)) in.raise(in.exc.TypeError, "Strings must be encoded before hashing", loc);
    in.raise(in.exc.TypeError, "object supporting the buffer API required", loc);
}

Value make_hash(ClassObject& cls, const std::string& algorithm, std::string data) {
    Ref<HashObject> h(new HashObject(&cls));
    h->algorithm = algorithm;
    h->data = std::move(data);
    return Value(h);
}

void hash_class(Interpreter& in, ClassObject& cls) {
    auto self = [](Interpreter& in, CallArgs& a) -> HashObject& { return support::self_as<HashObject>(in, a, "method", "HASH"); };
    in.add_method(cls, "update", [self](Interpreter& in, CallArgs& a) {
        HashObject& h = self(in, a);
        auto v = support::bind_args(in, a, 1, "update", {"obj"}, 1);
        h.data += data_of(in, *v[0], a.loc);
        return Value();
    });
    in.add_method(cls, "digest", [self](Interpreter& in, CallArgs& a) {
        HashObject& h = self(in, a);
        return make_bytes(*digest::compute(h.algorithm, h.data));
    });
    in.add_method(cls, "hexdigest", [self](Interpreter& in, CallArgs& a) {
        HashObject& h = self(in, a);
        return make_str(digest::hex(*digest::compute(h.algorithm, h.data)));
    });
    in.add_method(cls, "copy", [self](Interpreter& in, CallArgs& a) {
        HashObject& h = self(in, a);
        return make_hash(*h.cls, h.algorithm, h.data);
    });
    in.add_method(cls, "__repr__", [self](Interpreter& in, CallArgs& a) {
        return make_str("<" + self(in, a).algorithm + " _hashlib.HASH object>");
    });
    support::add_getter(cls, "name", [](Interpreter&, const Value& v) { return make_str(payload<HashObject>(v)->algorithm); });
    support::add_getter(cls, "digest_size", [](Interpreter&, const Value& v) {
        return Value::integer(digest::sizes(payload<HashObject>(v)->algorithm)->first);
    });
    support::add_getter(cls, "block_size", [](Interpreter&, const Value& v) {
        return Value::integer(digest::sizes(payload<HashObject>(v)->algorithm)->second);
    });
}

// A constructor: md5(data=b'', *, usedforsecurity=True) and the like.
Value construct(Interpreter& in, ClassObject& cls, CallArgs& a, const std::string& algorithm, std::size_t skip) {
    auto v = support::bind_args(in, a, skip, algorithm, {"string", "usedforsecurity"}, 0, 1);
    std::string data = v[0] ? data_of(in, *v[0], a.loc) : std::string();
    return make_hash(cls, algorithm, std::move(data));
}

void fill_hashlib(Interpreter& in, ModuleObject& m) {
    Ref<ClassObject> cls = support::make_module_class(in, "HASH", {}, "_hashlib");
    hash_class(in, *cls);
    DictObject& d = *m.dict;
    for (const char* name : kConstructors) {
        std::string algorithm = name;
        d.set_str(algorithm, make_native("hashlib." + algorithm, [cls, algorithm](Interpreter& in, CallArgs& a) {
            return construct(in, *cls, a, algorithm, 0);
        }));
    }
    d.set_str("new", make_native("hashlib.new", [cls](Interpreter& in, CallArgs& a) {
        if (a.pos.empty()) in.raise(in.exc.TypeError, "new() missing required argument 'name' (pos 1)", a.loc);
        const std::string* name = str_of(a.pos[0]);
        if (!name) in.raise(in.exc.TypeError, "new() argument 'name' must be str, not " + in.type_name(a.pos[0]), a.loc);
        std::string algorithm;
        for (char c : *name) algorithm += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (!digest::sizes(algorithm)) in.raise(in.exc.ValueError, "unsupported hash type " + *name, a.loc);
        return construct(in, *cls, a, algorithm, 1);
    }));
}

}  // namespace

namespace support {

void register_hashlib(Interpreter& in) { in.register_module("hashlib", fill_hashlib); }

}  // namespace support

}  // namespace orm::python
