// base64 (standard and URL-safe alphabets, base16), secrets (token_bytes,
// token_hex, token_urlsafe) and os.urandom: revisions make keys and tokens
// with these. Randomness comes only through the interpreter's hook, as for
// uuid4; a reader that allows none raises at the call.
#include "orm/core/digest.hpp"
#include "orm/python/stdlib_support.hpp"

#include <algorithm>
#include <cctype>

namespace orm::python {

namespace {

const char* const kStandard = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// The bytes of a bytes argument or an ASCII str (the decoders take both, as base64's do).
std::string bytes_arg(Interpreter& in, const Value& v, bool str_allowed, const char* fname, SourceLocation loc) {
    if (auto* b = v.as<BytesObject>()) return b->value;
    if (const std::string* s = str_allowed ? str_of(v) : nullptr) {
        for (unsigned char c : *s)
            if (c >= 0x80) in.raise(in.exc.ValueError, "string argument should contain only ASCII characters", loc);
        return *s;
    }
    in.raise(in.exc.TypeError, std::string("a bytes-like object is required, not '") + in.type_name(v) + "'", loc);
}

std::string encode64(const std::string& data, char plus, char slash) {
    std::string out;
    std::size_t i = 0;
    auto sym = [&](unsigned v) { char c = kStandard[v & 63]; return c == '+' ? plus : c == '/' ? slash : c; };
    for (; i + 2 < data.size(); i += 3) {
        unsigned v = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8) |
                     static_cast<unsigned char>(data[i + 2]);
        out += {sym(v >> 18), sym(v >> 12), sym(v >> 6), sym(v)};
    }
    if (i + 1 == data.size()) {
        unsigned v = static_cast<unsigned char>(data[i]) << 16;
        out += {sym(v >> 18), sym(v >> 12), '=', '='};
    } else if (i + 2 == data.size()) {
        unsigned v = (static_cast<unsigned char>(data[i]) << 16) | (static_cast<unsigned char>(data[i + 1]) << 8);
        out += {sym(v >> 18), sym(v >> 12), sym(v >> 6), '='};
    }
    return out;
}

// binascii.a2b_base64 without validation: characters outside the alphabet
// are skipped, decoding stops at padding that completes a quantum.
std::string decode64(Interpreter& in, ClassObject* error, const std::string& text, char plus, char slash,
                     SourceLocation loc) {
    std::string out;
    unsigned acc = 0;
    int bits = 0, count = 0, pads = 0;
    for (char c : text) {
        int v = -1;
        if (c >= 'A' && c <= 'Z') v = c - 'A';
        else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
        else if (c >= '0' && c <= '9') v = c - '0' + 52;
        else if (c == plus) v = 62;
        else if (c == slash) v = 63;
        else if (c == '=') {
            if (count % 4 >= 2 && ++pads + count % 4 >= 4) break;
            continue;
        }
        if (v < 0) continue;
        if (pads) in.raise(error, "Incorrect padding", loc);
        acc = (acc << 6) | static_cast<unsigned>(v);
        bits += 6;
        ++count;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    if (count % 4 == 1)
        in.raise(error, "Invalid base64-encoded string: number of data characters (" + std::to_string(count) +
                 ") cannot be 1 more than a multiple of 4", loc);
    if (count % 4 != 0 && count % 4 + pads < 4) in.raise(error, "Incorrect padding", loc);
    return out;
}

std::string random_string(Interpreter& in, std::int64_t n, SourceLocation loc) {
    if (n < 0) in.raise(in.exc.ValueError, "negative argument not allowed", loc);
    std::string out;
    while (static_cast<std::int64_t>(out.size()) < n) {
        auto r = support::random_bytes(in, loc);
        out.append(reinterpret_cast<const char*>(r.data()), std::min<std::size_t>(r.size(), static_cast<std::size_t>(n) - out.size()));
    }
    return out;
}

// binascii.Error (a ValueError), which the decoders raise.
void fill_binascii(Interpreter& in, ModuleObject& m) {
    m.dict->set_str("Error", Value(in.make_class("Error", {Ref<ClassObject>(in.exc.ValueError)}, "binascii")));
}

void fill_base64(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    Ref<ModuleObject> binascii = in.import_module("binascii", {});
    d.set_str("binascii", Value(binascii));
    Ref<ClassObject> error(binascii->dict->find_str("Error")->as<ClassObject>());
    struct Alphabet { const char* prefix; char plus, slash; };
    for (Alphabet a : {Alphabet{"b64", '+', '/'}, Alphabet{"standard_b64", '+', '/'}, Alphabet{"urlsafe_b64", '-', '_'}}) {
        std::string enc = std::string(a.prefix) + "encode", dec = std::string(a.prefix) + "decode";
        bool takes_altchars = std::string(a.prefix) == "b64";
        d.set_str(enc, make_native("base64." + enc, [a, enc, takes_altchars](Interpreter& in, CallArgs& c) {
            auto v = takes_altchars ? support::bind_args(in, c, 0, enc, {"s", "altchars"}, 1)
                                    : support::bind_args(in, c, 0, enc, {"s"}, 1);
            char plus = a.plus, slash = a.slash;
            if (takes_altchars && v[1] && !v[1]->is_none()) {
                std::string alt = bytes_arg(in, *v[1], false, "b64encode", c.loc);
                if (alt.size() != 2) in.raise(in.exc.AssertionError, in.repr(*v[1]), c.loc);
                plus = alt[0], slash = alt[1];
            }
            return make_bytes(encode64(bytes_arg(in, *v[0], false, "b64encode", c.loc), plus, slash));
        }));
        d.set_str(dec, make_native("base64." + dec, [a, dec, takes_altchars, error](Interpreter& in, CallArgs& c) {
            auto v = takes_altchars ? support::bind_args(in, c, 0, dec, {"s", "altchars", "validate"}, 1)
                                    : support::bind_args(in, c, 0, dec, {"s"}, 1);
            char plus = a.plus, slash = a.slash;
            if (takes_altchars && v[1] && !v[1]->is_none()) {
                std::string alt = bytes_arg(in, *v[1], true, "b64decode", c.loc);
                if (alt.size() != 2) in.raise(in.exc.AssertionError, in.repr(*v[1]), c.loc);
                plus = alt[0], slash = alt[1];
            }
            return make_bytes(decode64(in, error.get(), bytes_arg(in, *v[0], true, "b64decode", c.loc), plus, slash, c.loc));
        }));
    }
    d.set_str("b16encode", make_native("base64.b16encode", [](Interpreter& in, CallArgs& c) {
        auto v = support::bind_args(in, c, 0, "b16encode", {"s"}, 1);
        std::string h = digest::hex(bytes_arg(in, *v[0], false, "b16encode", c.loc));
        for (char& ch : h) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        return make_bytes(h);
    }));
}

void fill_secrets(Interpreter& in, ModuleObject& m) {
    DictObject& d = *m.dict;
    auto count = [](Interpreter& in, CallArgs& c, const char* fname) -> std::int64_t {
        auto v = support::bind_args(in, c, 0, fname, {"nbytes"}, 0);
        return v[0] && !v[0]->is_none() ? support::int_arg(in, *v[0], c.loc) : 32;  // secrets.DEFAULT_ENTROPY
    };
    d.set_str("token_bytes", make_native("secrets.token_bytes", [count](Interpreter& in, CallArgs& c) {
        return make_bytes(random_string(in, count(in, c, "token_bytes"), c.loc));
    }));
    d.set_str("token_hex", make_native("secrets.token_hex", [count](Interpreter& in, CallArgs& c) {
        return make_str(digest::hex(random_string(in, count(in, c, "token_hex"), c.loc)));
    }));
    d.set_str("token_urlsafe", make_native("secrets.token_urlsafe", [count](Interpreter& in, CallArgs& c) {
        std::string t = encode64(random_string(in, count(in, c, "token_urlsafe"), c.loc), '-', '_');
        while (!t.empty() && t.back() == '=') t.pop_back();
        return make_str(t);
    }));
}

}  // namespace

namespace support {

void register_base64(Interpreter& in) {
    in.register_module("binascii", fill_binascii);
    in.register_module("base64", fill_base64);
    in.register_module("secrets", fill_secrets);
}

Value os_urandom(Interpreter& in, CallArgs& a) {
    auto v = bind_args(in, a, 0, "urandom", {"size"}, 1);
    return make_bytes(random_string(in, int_arg(in, *v[0], a.loc), a.loc));
}

}  // namespace support

}  // namespace orm::python
