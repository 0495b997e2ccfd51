// The hashlib module: md5, sha1, the SHA-2 and SHA-3 families, blake2b and
// blake2s, and new(name): hash objects with update(), digest(),
// hexdigest(), copy(), name, digest_size and block_size, computed by
// core/digest; blake2b/blake2s take their whole parameter block (digest
// size, key, salt, person, tree fields) as hashlib does. Revisions hash
// tokens, passwords and content with these.
#include <optional>

#include "orm/core/blake2.hpp"
#include "orm/core/digest.hpp"
#include "orm/python/stdlib_support.hpp"

namespace orm::python {

namespace {

using support::payload;

struct HashObject : InstanceObject {
    using InstanceObject::InstanceObject;
    std::string algorithm;  // hashlib's name: "sha256", "sha3_256", ...
    std::string data;       // everything given so far (digests are computed when asked)
    std::optional<digest::Blake2Params> blake2;  // blake2b/blake2s given parameters
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

Value make_hash(ClassObject& cls, const std::string& algorithm, std::string data,
                std::optional<digest::Blake2Params> blake2 = std::nullopt) {
    Ref<HashObject> h(new HashObject(&cls));
    h->algorithm = algorithm;
    h->data = std::move(data);
    h->blake2 = std::move(blake2);
    return Value(h);
}

digest::Blake2Variant variant_of(const std::string& algorithm) {
    return algorithm == "blake2b" ? digest::Blake2Variant::b : digest::Blake2Variant::s;
}

std::string digest_of(const HashObject& h) {
    if (h.blake2) return digest::blake2(variant_of(h.algorithm), *h.blake2, h.data);
    return *digest::compute(h.algorithm, h.data);
}

int digest_size_of(const HashObject& h) {
    if (h.blake2 && h.blake2->digest_size) return h.blake2->digest_size;
    return digest::sizes(h.algorithm)->first;
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
        return make_bytes(digest_of(h));
    });
    in.add_method(cls, "hexdigest", [self](Interpreter& in, CallArgs& a) {
        HashObject& h = self(in, a);
        return make_str(digest::hex(digest_of(h)));
    });
    in.add_method(cls, "copy", [self](Interpreter& in, CallArgs& a) {
        HashObject& h = self(in, a);
        return make_hash(*h.cls, h.algorithm, h.data, h.blake2);
    });
    in.add_method(cls, "__repr__", [self](Interpreter& in, CallArgs& a) {
        return make_str("<" + self(in, a).algorithm + " _hashlib.HASH object>");
    });
    support::add_getter(cls, "name", [](Interpreter&, const Value& v) { return make_str(payload<HashObject>(v)->algorithm); });
    support::add_getter(cls, "digest_size", [](Interpreter&, const Value& v) {
        return Value::integer(digest_size_of(*payload<HashObject>(v)));
    });
    support::add_getter(cls, "block_size", [](Interpreter&, const Value& v) {
        return Value::integer(digest::sizes(payload<HashObject>(v)->algorithm)->second);
    });
}

// An integer parameter of blake2b/blake2s within [low, high], with hashlib's messages.
std::int64_t blake2_int(Interpreter& in, const Value* v, std::int64_t fallback, std::int64_t low, std::int64_t high,
                        const std::string& range_message, SourceLocation loc) {
    if (!v) return fallback;
    std::int64_t n = support::int_arg(in, *v, loc);
    if (n < low || n > high) in.raise(in.exc.ValueError, range_message, loc);
    return n;
}

// blake2b(data=b'', /, *, digest_size, key, salt, person, fanout, depth,
// leaf_size, node_offset, node_depth, inner_size, last_node, usedforsecurity).
Value construct_blake2(Interpreter& in, ClassObject& cls, CallArgs& a, const std::string& algorithm, std::size_t skip) {
    if (a.kwarg("data")) in.raise(in.exc.TypeError, "'data' is an invalid keyword argument for " + algorithm + "()", a.loc);
    auto v = support::bind_args(in, a, skip, algorithm,
                                {"data", "digest_size", "key", "salt", "person", "fanout", "depth", "leaf_size",
                                 "node_offset", "node_depth", "inner_size", "last_node", "usedforsecurity"},
                                0, 1);
    const auto limits = digest::blake2_limits(variant_of(algorithm));
    const std::string max = std::to_string(limits.digest_size);
    digest::Blake2Params p;
    p.digest_size = static_cast<int>(blake2_int(in, v[1], limits.digest_size, 1, limits.digest_size,
                                                "digest_size must be between 1 and " + max + " bytes", a.loc));
    auto bytes_param = [&](const Value* value, const char* what, int most) {
        if (!value) return std::string();
        const auto* bytes = value->as<BytesObject>();
        if (!bytes)
            in.raise(in.exc.TypeError, "a bytes-like object is required, not '" + in.type_name(*value) + "'", a.loc);
        const std::string& b = bytes->value;
        if (static_cast<int>(b.size()) > most)
            in.raise(in.exc.ValueError, std::string("maximum ") + what + " length is " + std::to_string(most) + " bytes", a.loc);
        return b;
    };
    p.key = bytes_param(v[2], "key", limits.digest_size);
    p.salt = bytes_param(v[3], "salt", limits.salt_size);
    p.person = bytes_param(v[4], "person", limits.salt_size);
    p.fanout = static_cast<int>(blake2_int(in, v[5], 1, 0, 255, "fanout must be between 0 and 255", a.loc));
    p.depth = static_cast<int>(blake2_int(in, v[6], 1, 1, 255, "depth must be between 1 and 255", a.loc));
    if (v[7]) {
        std::int64_t n = support::int_arg(in, *v[7], a.loc);
        if (n < 0) in.raise(in.exc.ValueError, "value must be positive", a.loc);
        if (n > 0xFFFFFFFFLL) in.raise(in.exc.OverflowError, "leaf_size is too large", a.loc);
        p.leaf_size = static_cast<std::uint32_t>(n);
    }
    if (v[8]) {
        std::int64_t n = support::int_arg(in, *v[8], a.loc);
        if (n < 0) in.raise(in.exc.ValueError, "value must be positive", a.loc);
        if (limits.salt_size == 8 && n >= (std::int64_t{1} << 48))
            in.raise(in.exc.OverflowError, "node_offset is too large", a.loc);
        p.node_offset = static_cast<std::uint64_t>(n);
    }
    p.node_depth = static_cast<int>(blake2_int(in, v[9], 0, 0, 255, "node_depth must be between 0 and 255", a.loc));
    p.inner_size = static_cast<int>(
        blake2_int(in, v[10], 0, 0, limits.digest_size, "inner_size must be between 0 and is " + max, a.loc));
    p.last_node = v[11] && in.truthy(*v[11], a.loc);
    std::string data = v[0] ? data_of(in, *v[0], a.loc) : std::string();
    return make_hash(cls, algorithm, std::move(data), std::move(p));
}

// A constructor: md5(data=b'', *, usedforsecurity=True) and the like.
Value construct(Interpreter& in, ClassObject& cls, CallArgs& a, const std::string& algorithm, std::size_t skip) {
    if (algorithm == "blake2b" || algorithm == "blake2s") return construct_blake2(in, cls, a, algorithm, skip);
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
