// The uuid module: UUID (its constructor forms, attributes, ordering and
// hashing), uuid3/uuid5 (MD5 and SHA-1 from core/digest), and uuid1/uuid4, whose randomness and clock
// come only through the interpreter's hooks. UUID.int is available when the
// value fits the interpreter's 64-bit integers.
#include <cstring>

#include "orm/core/digest.hpp"
#include "orm/python/datetime_values.hpp"
#include "orm/python/stdlib_support.hpp"

namespace orm::python {

namespace {

using Bytes16 = std::array<std::uint8_t, 16>;
using support::payload;

struct UuidObject : InstanceObject {
    using InstanceObject::InstanceObject;
    Bytes16 bytes{};
};

// ---------------------------------------------------------------- values

std::string hex_of(const Bytes16& b) { return digest::hex(std::string_view(reinterpret_cast<const char*>(b.data()), b.size())); }

std::uint64_t bits(const Bytes16& b, int from, int count) {
    std::uint64_t v = 0;
    for (int i = from; i < from + count; ++i) v = (v << 8) | b[static_cast<std::size_t>(i)];
    return v;
}

void set_version(Bytes16& b, int version) {
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | (version << 4));
}

const char* variant_of(const Bytes16& b) {
    if (!(b[8] & 0x80)) return "reserved for NCS compatibility";
    if (!(b[8] & 0x40)) return "specified in RFC 4122";
    if (!(b[8] & 0x20)) return "reserved for Microsoft compatibility";
    return "reserved for future definition";
}

Bytes16 parse_hex(Interpreter& in, std::string s, SourceLocation loc) {
    auto erase_all = [&](const std::string& what) {
        for (std::size_t p; (p = s.find(what)) != std::string::npos;) s.erase(p, what.size());
    };
    erase_all("urn:");
    erase_all("uuid:");
    while (!s.empty() && (s.front() == '{' || s.front() == '}')) s.erase(s.begin());
    while (!s.empty() && (s.back() == '{' || s.back() == '}')) s.pop_back();
    erase_all("-");
    if (s.size() != 32) in.raise(in.exc.ValueError, "badly formed hexadecimal UUID string", loc);
    Bytes16 b{};
    for (std::size_t i = 0; i < 32; ++i) {
        char c = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0) in.raise(in.exc.ValueError, "invalid literal for int() with base 16: " + repr_string(s), loc);
        b[i / 2] = static_cast<std::uint8_t>(b[i / 2] | (i % 2 ? v : v << 4));
    }
    return b;
}

Bytes16 from_fields(Interpreter& in, const Value& v, SourceLocation loc) {
    std::vector<Value> f = in.to_vector(v, loc);
    if (f.size() != 6) in.raise(in.exc.ValueError, "fields is not a 6-tuple", loc);
    static const int widths[6] = {4, 2, 2, 1, 1, 6};
    static const char* const names[6] = {"32-bit", "16-bit", "16-bit", "8-bit", "8-bit", "48-bit"};
    Bytes16 b{};
    std::size_t at = 0;
    for (int i = 0; i < 6; ++i) {
        std::int64_t x = support::int_arg(in, f[static_cast<std::size_t>(i)], loc);
        if (x < 0 || (widths[i] < 8 && static_cast<std::uint64_t>(x) >> (8 * widths[i])))
            in.raise(in.exc.ValueError, "field " + std::to_string(i + 1) + " out of range (need a " + names[i] + " value)", loc);
        for (int k = widths[i] - 1; k >= 0; --k) b[at++] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(x) >> (8 * k));
    }
    return b;
}

Bytes16 from_bytes(Interpreter& in, const Value& v, const char* what, SourceLocation loc) {
    auto* bytes = v.as<BytesObject>();
    if (!bytes) in.raise(in.exc.TypeError, std::string(what) + " must be bytes, not " + in.type_name(v), loc);
    if (bytes->value.size() != 16) in.raise(in.exc.ValueError, std::string(what) + " is not a 16-char string", loc);
    Bytes16 b{};
    std::memcpy(b.data(), bytes->value.data(), 16);
    return b;
}

Bytes16 construct(Interpreter& in, CallArgs& a) {
    auto v = support::bind_args(in, a, 0, "UUID", {"hex", "bytes", "bytes_le", "fields", "int", "version", "is_safe"}, 0, 6);
    int given = 0;
    for (int i = 0; i < 5; ++i)
        if (v[static_cast<std::size_t>(i)] && !v[static_cast<std::size_t>(i)]->is_none()) ++given;
    if (given != 1) in.raise(in.exc.TypeError, "one of the hex, bytes, bytes_le, fields, or int arguments must be given", a.loc);
    Bytes16 b{};
    auto has = [&](int i) { return v[static_cast<std::size_t>(i)] && !v[static_cast<std::size_t>(i)]->is_none(); };
    if (has(0)) {
        const std::string* s = str_of(*v[0]);
        if (!s) in.raise(in.exc.TypeError, "hex must be a str, not " + in.type_name(*v[0]), a.loc);
        b = parse_hex(in, *s, a.loc);
    } else if (has(1)) {
        b = from_bytes(in, *v[1], "bytes", a.loc);
    } else if (has(2)) {
        Bytes16 le = from_bytes(in, *v[2], "bytes_le", a.loc);
        static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
        for (int i = 0; i < 16; ++i) b[static_cast<std::size_t>(i)] = le[static_cast<std::size_t>(order[i])];
    } else if (has(3)) {
        b = from_fields(in, *v[3], a.loc);
    } else {
        std::int64_t i = support::int_arg(in, *v[4], a.loc);
        if (i < 0) in.raise(in.exc.ValueError, "int is out of range (need a 128-bit value)", a.loc);
        for (int k = 0; k < 8; ++k) b[static_cast<std::size_t>(15 - k)] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(i) >> (8 * k));
    }
    if (v[5] && !v[5]->is_none()) {
        std::int64_t version = support::int_arg(in, *v[5], a.loc);
        if (version < 1 || version > 5) in.raise(in.exc.ValueError, "illegal version number", a.loc);
        set_version(b, static_cast<int>(version));
    }
    return b;
}

Value make_uuid_of(ClassObject& cls, const Bytes16& b) {
    Ref<UuidObject> u(new UuidObject(&cls));
    u->bytes = b;
    return Value(u);
}

// The attributes computed from the bytes (UUID's properties).
Value uuid_attribute(Interpreter& in, const UuidObject& u, const std::string& name) {
    const Bytes16& b = u.bytes;
    if (name == "hex") return make_str(hex_of(b));
    if (name == "bytes") return make_bytes(std::string(b.begin(), b.end()));
    if (name == "bytes_le") {
        static const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
        std::string out;
        for (int i : order) out += static_cast<char>(b[static_cast<std::size_t>(i)]);
        return make_bytes(out);
    }
    if (name == "urn") return make_str("urn:uuid:" + UuidValue{b}.to_string());
    if (name == "variant") return make_str(variant_of(b));
    if (name == "version") return std::strcmp(variant_of(b), "specified in RFC 4122") == 0 ? Value::integer(b[6] >> 4) : Value();
    auto i = [](std::uint64_t v) { return Value::integer(static_cast<std::int64_t>(v)); };
    if (name == "time_low") return i(bits(b, 0, 4));
    if (name == "time_mid") return i(bits(b, 4, 2));
    if (name == "time_hi_version") return i(bits(b, 6, 2));
    if (name == "clock_seq_hi_variant") return i(b[8]);
    if (name == "clock_seq_low") return i(b[9]);
    if (name == "node") return i(bits(b, 10, 6));
    if (name == "time") return i(((bits(b, 6, 2) & 0x0fff) << 48) | (bits(b, 4, 2) << 32) | bits(b, 0, 4));
    if (name == "clock_seq") return i(((b[8] & 0x3fu) << 8) | b[9]);
    if (name == "fields")
        return make_tuple({i(bits(b, 0, 4)), i(bits(b, 4, 2)), i(bits(b, 6, 2)), i(b[8]), i(b[9]), i(bits(b, 10, 6))});
    // "int": only when it fits the interpreter's integers.
    if (bits(b, 0, 8) != 0 || (b[8] & 0x80))
        in.raise(in.exc.OverflowError, "UUID.int beyond 64 bits: orm's interpreter keeps integers within 64 bits (use .hex or .bytes)");
    return i(bits(b, 8, 8));
}

void uuid_class(Interpreter& in, ClassObject& cls) {
    support::install_payload_class(in, cls, [](Interpreter& in, ClassObject& k, CallArgs& a) {
        Value made = make_uuid_of(k, construct(in, a));
        return Ref<InstanceObject>(made.as<InstanceObject>());
    });
    for (const char* name : {"hex", "bytes", "bytes_le", "urn", "variant", "version", "time_low", "time_mid", "time_hi_version",
                             "clock_seq_hi_variant", "clock_seq_low", "node", "time", "clock_seq", "fields", "int"}) {
        std::string n = name;
        support::add_getter(cls, n, [n](Interpreter& in, const Value& v) {
            auto* u = payload<UuidObject>(v);
            if (!u) in.raise(in.exc.TypeError, "descriptor '" + n + "' requires a 'UUID' object");
            return uuid_attribute(in, *u, n);
        });
    }
    auto self = [](Interpreter& in, CallArgs& a) -> UuidObject& { return support::self_as<UuidObject>(in, a, "method", "UUID"); };
    in.add_method(cls, "__str__", [self](Interpreter& in, CallArgs& a) { return make_str(UuidValue{self(in, a).bytes}.to_string()); });
    in.add_method(cls, "__repr__", [self](Interpreter& in, CallArgs& a) {
        UuidObject& u = self(in, a);
        return make_str(u.cls->name + "('" + UuidValue{u.bytes}.to_string() + "')");
    });
    in.add_method(cls, "__int__", [self](Interpreter& in, CallArgs& a) { return uuid_attribute(in, self(in, a), "int"); });
    const char* names[5] = {"__eq__", "__lt__", "__le__", "__gt__", "__ge__"};
    for (int which = 0; which < 5; ++which)
        in.add_method(cls, names[which], [which](Interpreter& in, CallArgs& a) -> Value {
            auto* x = payload<UuidObject>(a.pos[0]);
            auto* y = a.pos.size() > 1 ? payload<UuidObject>(a.pos[1]) : nullptr;
            if (!x || !y) return in.not_implemented;
            int c = std::memcmp(x->bytes.data(), y->bytes.data(), 16);
            bool r = which == 0 ? c == 0 : which == 1 ? c < 0 : which == 2 ? c <= 0 : which == 3 ? c > 0 : c >= 0;
            return Value::boolean(r);
        });
    support::add_hash_method(in, cls, [](Interpreter&, const Value& v) {
        const Bytes16& b = payload<UuidObject>(v)->bytes;
        return static_cast<std::int64_t>(bits(b, 0, 8) * 0x9E3779B97F4A7C15ull ^ bits(b, 8, 8));
    });
}

// uuid3/uuid5: the digest of the namespace's bytes and the name's UTF-8.
Value name_based(Interpreter& in, ClassObject& cls, CallArgs& a, const char* fname, int version) {
    auto v = support::bind_args(in, a, 0, fname, {"namespace", "name"}, 2);
    auto* ns = payload<UuidObject>(*v[0]);
    if (!ns) in.raise(in.exc.AttributeError, "'" + in.type_name(*v[0]) + "' object has no attribute 'bytes'", a.loc);
    std::string name;
    if (const std::string* s = str_of(*v[1])) name = *s;
    else if (auto* b = v[1]->as<BytesObject>()) name = b->value;
    else in.raise(in.exc.TypeError, "encoding without a string argument", a.loc);
    std::string input(ns->bytes.begin(), ns->bytes.end());
    std::string hashed = *digest::compute(version == 3 ? "md5" : "sha1", input + name);
    Bytes16 b{};
    std::memcpy(b.data(), hashed.data(), 16);
    set_version(b, version);
    return make_uuid_of(cls, b);
}

void fill_uuid(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    Ref<ClassObject> cls = support::make_module_class(in, "UUID", {}, "uuid");
    uuid_class(in, *cls);
    d.set_str("UUID", Value(cls));
    d.set_str("uuid4", make_native("uuid.uuid4", [cls](Interpreter& in, CallArgs& a) {
        Bytes16 b = support::random_bytes(in, a.loc);
        set_version(b, 4);
        return make_uuid_of(*cls, b);
    }));
    d.set_str("uuid1", make_native("uuid.uuid1", [cls](Interpreter& in, CallArgs& a) {
        auto v = support::bind_args(in, a, 0, "uuid1", {"node", "clock_seq"}, 0);
        // 100-ns intervals since 1582-10-15, the clock sequence and node random unless given.
        std::uint64_t ts = static_cast<std::uint64_t>(support::clock_micros(in, a.loc)) * 10 + 0x01b21dd213814000ull;
        Bytes16 r = support::random_bytes(in, a.loc);
        std::uint64_t seq = v[1] && !v[1]->is_none() ? static_cast<std::uint64_t>(support::int_arg(in, *v[1], a.loc)) : ((r[0] << 8) | r[1]) & 0x3fff;
        std::uint64_t node = v[0] && !v[0]->is_none() ? static_cast<std::uint64_t>(support::int_arg(in, *v[0], a.loc))
                                                      : (bits(r, 2, 6) | (1ull << 40));
        Bytes16 b{};
        std::uint64_t time_low = ts & 0xffffffff, time_mid = (ts >> 32) & 0xffff, time_hi = (ts >> 48) & 0x0fff;
        for (int k = 0; k < 4; ++k) b[static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(time_low >> (24 - 8 * k));
        b[4] = static_cast<std::uint8_t>(time_mid >> 8), b[5] = static_cast<std::uint8_t>(time_mid);
        b[6] = static_cast<std::uint8_t>(time_hi >> 8), b[7] = static_cast<std::uint8_t>(time_hi);
        b[8] = static_cast<std::uint8_t>((seq >> 8) & 0x3f), b[9] = static_cast<std::uint8_t>(seq);
        for (int k = 0; k < 6; ++k) b[static_cast<std::size_t>(10 + k)] = static_cast<std::uint8_t>(node >> (40 - 8 * k));
        set_version(b, 1);
        return make_uuid_of(*cls, b);
    }));
    d.set_str("uuid3", make_native("uuid.uuid3", [cls](Interpreter& in, CallArgs& a) { return name_based(in, *cls, a, "uuid3", 3); }));
    d.set_str("uuid5", make_native("uuid.uuid5", [cls](Interpreter& in, CallArgs& a) { return name_based(in, *cls, a, "uuid5", 5); }));
    d.set_str("getnode", make_native("uuid.getnode", [](Interpreter& in, CallArgs& a) {
        // No hardware address is read: a random node with the multicast bit, as CPython's fallback.
        Bytes16 r = support::random_bytes(in, a.loc);
        return Value::integer(static_cast<std::int64_t>(bits(r, 0, 6) | (1ull << 40)));
    }));
    for (auto [name, hex] : {std::pair{"NAMESPACE_DNS", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
                             std::pair{"NAMESPACE_URL", "6ba7b811-9dad-11d1-80b4-00c04fd430c8"},
                             std::pair{"NAMESPACE_OID", "6ba7b812-9dad-11d1-80b4-00c04fd430c8"},
                             std::pair{"NAMESPACE_X500", "6ba7b814-9dad-11d1-80b4-00c04fd430c8"}})
        d.set_str(name, make_uuid_of(*cls, parse_hex(in, hex, {})));
    d.set_str("RESERVED_NCS", make_str("reserved for NCS compatibility"));
    d.set_str("RFC_4122", make_str("specified in RFC 4122"));
    d.set_str("RESERVED_MICROSOFT", make_str("reserved for Microsoft compatibility"));
    d.set_str("RESERVED_FUTURE", make_str("reserved for future definition"));
}

}  // namespace

namespace support {

void register_uuid(Interpreter& in) { in.register_module("uuid", fill_uuid); }

}  // namespace support

std::string UuidValue::to_string() const {
    std::string h = hex_of(bytes);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

std::optional<UuidValue> uuid_value(const Value& v) {
    if (auto* u = payload<UuidObject>(v)) return UuidValue{u->bytes};
    return std::nullopt;
}

Value make_uuid(Interpreter& in, const UuidValue& u) {
    Ref<ModuleObject> m = in.import_module("uuid", {});
    auto* cls = m->dict->find_str("UUID")->as<ClassObject>();
    if (!cls) in.raise(in.exc.TypeError, "uuid.UUID is not a class");
    return make_uuid_of(*cls, u.bytes);
}

}  // namespace orm::python
