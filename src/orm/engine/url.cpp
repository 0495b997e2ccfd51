// Database URL grammar (SQLAlchemy's make_url(), RFC 1738 style):
//
//   url       = scheme "://" [ userinfo "@" ] [ host ] [ ":" port ] [ "/" database ] [ "?" query ]
//   scheme    = backend [ "+" driver ]          ; letters, digits, "_"
//   backend   = "sqlite" | "postgresql" | "postgres"   ; "postgres" is deprecated (warning)
//   userinfo  = username [ ":" password ]       ; username: no ":" or "/"; password: up to the
//                                               ; last "@" before the path; both percent-decoded
//   host      = "[" ipv6 "]" | name             ; name: no "/", ":" or "?"
//   port      = 1*DIGIT
//   database  = *( any but "?" )                ; percent-decoded; SQLite: the file path
//   query     = param *( "&" param )            ; param = key [ "=" value ], decoded as a form
//
// SQLite takes neither userinfo, host nor port: "sqlite:///rel.db" is the
// relative path "rel.db", "sqlite:////abs.db" the absolute "/abs.db", and
// "sqlite://" or "sqlite:///:memory:" an in-memory database. PostgreSQL may
// name a unix-socket directory as "?host=/dir".
#include "orm/engine/url.hpp"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fmt/format.h>

#include "orm/core/error.hpp"
#include "orm/dialect/connection.hpp"

namespace orm::engine {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Python's urllib.parse.unquote: an invalid escape stays as written.
std::string percent_decode(std::string_view s, bool plus_is_space = false) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
            hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else if (plus_is_space && s[i] == '+') {
            out += ' ';
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string percent_encode(std::string_view s, std::string_view reserved) {
    std::string out;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (reserved.find(c) != std::string_view::npos || u < 0x21 || u == 0x7f) out += fmt::format("%{:02X}", u);
        else out += c;
    }
    return out;
}

constexpr std::string_view kUserinfoReserved = ":@/%?#";
constexpr std::string_view kQueryReserved = "&=%#+";

// The URL for an error message when it cannot be parsed: whatever sits
// between the first ":" after "://" and the last "@" before "?" is hidden.
std::string mask_raw(std::string_view text) {
    auto scheme_end = text.find("://");
    if (scheme_end == std::string_view::npos) return std::string(text);
    std::size_t start = scheme_end + 3;
    std::size_t query = text.find('?', start);
    std::string_view authority = text.substr(start, query == std::string_view::npos ? query : query - start);
    auto at = authority.rfind('@');
    if (at == std::string_view::npos) return std::string(text);
    auto colon = authority.find(':');
    if (colon == std::string_view::npos || colon > at) return std::string(text);
    return std::string(text.substr(0, start + colon + 1)) + "***" + std::string(text.substr(start + at));
}

[[noreturn]] void malformed(std::string_view text, const std::string& reason) {
    throw UsageError(fmt::format("invalid database URL '{}': {}", mask_raw(text), reason));
}

bool is_scheme_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '+'; }

}  // namespace

Url Url::parse(std::string_view text) {
    Url url;
    auto sep = text.find("://");
    if (sep == std::string_view::npos || sep == 0)
        malformed(text, "expected 'dialect[+driver]://...', such as sqlite:///file.db or "
                        "postgresql://user:password@host:port/dbname");
    for (char c : text.substr(0, sep))
        if (!is_scheme_char(c)) malformed(text, fmt::format("invalid character '{}' in the scheme", c));
    url.drivername = std::string(text.substr(0, sep));
    auto plus = url.drivername.find('+');
    url.backend = url.drivername.substr(0, plus);
    if (plus != std::string::npos) url.driver = url.drivername.substr(plus + 1);

    const dialect::Dialect* backend = dialect::find_dialect(url.backend);
    if (!backend)
        malformed(text, fmt::format("unsupported database backend '{}' (supported: {})", url.backend,
                                    dialect::dialect_names()));
    if (backend->name() != url.backend) {   // a deprecated alias ("postgres")
        url.warnings.push_back(fmt::format(
            "the URL scheme '{}://' is deprecated (SQLAlchemy 1.4 refuses it): use '{}{}://' instead",
            url.drivername, backend->name(), url.driver ? "+" + *url.driver : ""));
        url.backend = backend->name();
    }

    std::string_view rest = text.substr(sep + 3);
    std::string_view query;
    if (auto q = rest.find('?'); q != std::string_view::npos) {
        query = rest.substr(q + 1);
        rest = rest.substr(0, q);
    }

    // userinfo: as SQLAlchemy's pattern, username [^:/]* then an optional
    // ":" password [^@]*, then "@".
    std::size_t pos = 0;
    {
        std::size_t user_end = rest.find_first_of(":/");
        if (user_end == std::string_view::npos) user_end = rest.size();
        std::optional<std::size_t> at;
        if (user_end < rest.size() && rest[user_end] == ':') {
            auto a = rest.find('@', user_end + 1);
            if (a != std::string_view::npos) {
                // An unencoded "@" (or "/") in the password: the password runs to
                // the last "@" before the query. SQLAlchemy would take what follows
                // the first "@" as the host and the database, showing pieces of the
                // password in every message; a database name with an "@" is
                // written %40.
                a = rest.rfind('@');
                url.username = percent_decode(rest.substr(0, user_end));
                url.password = percent_decode(rest.substr(user_end + 1, a - user_end - 1));
                pos = a + 1;
                at = a;
            }
        }
        if (!at) {
            auto a = rest.substr(0, user_end).rfind('@');
            if (a != std::string_view::npos) {
                url.username = percent_decode(rest.substr(0, a));
                pos = a + 1;
            }
        }
    }

    // host
    if (pos < rest.size() && rest[pos] == '[') {
        auto close = rest.find(']', pos);
        if (close == std::string_view::npos) malformed(text, "an IPv6 host must end with ']'");
        url.host = std::string(rest.substr(pos + 1, close - pos - 1));
        if (url.host->empty()) malformed(text, "empty IPv6 host '[]'");
        pos = close + 1;
    } else {
        auto end = rest.find_first_of(":/", pos);
        if (end == std::string_view::npos) end = rest.size();
        if (end > pos) url.host = std::string(rest.substr(pos, end - pos));
        pos = end;
    }

    // port
    if (pos < rest.size() && rest[pos] == ':') {
        auto end = rest.find('/', pos + 1);
        if (end == std::string_view::npos) end = rest.size();
        std::string_view digits = rest.substr(pos + 1, end - pos - 1);
        if (!digits.empty()) {
            int port = 0;
            auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
            if (ec != std::errc() || p != digits.data() + digits.size() || port < 1 || port > 65535)
                malformed(text, fmt::format("invalid port '{}': expected a number from 1 to 65535", digits));
            url.port = port;
        }
        pos = end;
    }

    // database
    if (pos < rest.size()) {
        if (rest[pos] != '/') malformed(text, fmt::format("unexpected '{}' after the host", rest.substr(pos)));
        url.database = percent_decode(rest.substr(pos + 1));
    }

    // query
    while (!query.empty()) {
        auto amp = query.find('&');
        std::string_view param = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (param.empty()) continue;
        auto eq = param.find('=');
        std::string key = percent_decode(param.substr(0, eq), true);
        std::string value = eq == std::string_view::npos ? "" : percent_decode(param.substr(eq + 1), true);
        if (key.empty()) malformed(text, "empty query parameter name");
        url.query[key] = value;
    }

    dialect::UrlParts parts = url.parts();
    if (auto problem = backend->url_problem(parts)) malformed(text, *problem);
    url.database = std::move(parts.database);
    return url;
}

std::string Url::render(bool hide_password) const {
    std::string s = drivername + "://";
    if (username) {
        s += percent_encode(*username, kUserinfoReserved);
        if (password) s += ":" + (hide_password ? std::string("***") : percent_encode(*password, kUserinfoReserved));
        s += "@";
    }
    if (host) s += host->find(':') != std::string::npos ? "[" + *host + "]" : *host;
    if (port) s += ":" + std::to_string(*port);
    if (database) s += "/" + percent_encode(*database, "%?#");
    char joiner = '?';
    for (const auto& [k, v] : query) {
        s += joiner;
        s += percent_encode(k, kQueryReserved) + "=" + percent_encode(v, kQueryReserved);
        joiner = '&';
    }
    return s;
}

dialect::UrlParts Url::parts() const { return {username, password, host, port, database, query}; }

bool Url::is_memory() const { return dialect::get_dialect(backend).is_memory(parts()); }

dialect::ConnectParams Url::to_connect_params() const {
    return dialect::get_dialect(backend).create_connect_args(parts());
}

std::string describe(UrlSource source) {
    switch (source) {
        case UrlSource::cli_option: return "--url";
        case UrlSource::orm_url_env: return "ORM_URL";
        case UrlSource::database_url_env: return "DATABASE_URL";
        case UrlSource::models_file: return "the models file's create_engine()";
        case UrlSource::default_url: return "the default";
    }
    return "?";
}

ResolvedUrl resolve_url(const std::optional<std::string>& cli_url, const std::optional<std::string>& models_file_url) {
    auto env = [](const char* name) -> std::optional<std::string> {
        const char* v = std::getenv(name);
        if (!v || !*v) return std::nullopt;
        return std::string(v);
    };
    std::optional<std::string> text;
    UrlSource source = UrlSource::default_url;
    if (cli_url && !cli_url->empty()) text = cli_url, source = UrlSource::cli_option;
    else if ((text = env("ORM_URL"))) source = UrlSource::orm_url_env;
    else if ((text = env("DATABASE_URL"))) source = UrlSource::database_url_env;
    else if (models_file_url && !models_file_url->empty()) text = models_file_url, source = UrlSource::models_file;
    else text = std::string(kDefaultUrl);
    try {
        return ResolvedUrl{Url::parse(*text), source};
    } catch (const UsageError& e) {
        throw UsageError(fmt::format("{} (from {})", e.what(), describe(source)));
    }
}

std::string mask_password(std::string_view text) {
    // Every "scheme://userinfo@" whose userinfo has a ":" loses what follows it.
    std::string out;
    std::size_t pos = 0;
    while (true) {
        auto sep = text.find("://", pos);
        if (sep == std::string_view::npos) break;
        std::size_t start = sep + 3;
        std::size_t end = start;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != '?' &&
               text[end] != '\'' && text[end] != '"')
            ++end;
        std::string_view segment = text.substr(start, end - start);
        // As Url::parse reads it: username [^:/]*, ":" password, "@" (the last one).
        auto colon = segment.find_first_of(":/");
        auto at = colon == std::string_view::npos ? colon : segment.rfind('@');
        if (at != std::string_view::npos && at <= colon) at = std::string_view::npos;
        out.append(text.substr(pos, start - pos));
        if (colon != std::string_view::npos && segment[colon] == ':' && at != std::string_view::npos) {
            out.append(segment.substr(0, colon + 1));
            out.append("***");
            out.append(segment.substr(at));
        } else {
            out.append(segment);
        }
        pos = end;
    }
    out.append(text.substr(pos));
    return out;
}

std::string mask_password(std::string_view text, const Url& url) {
    std::string out = mask_password(text);
    if (url.password && !url.password->empty()) {
        out = dialect::mask_secret(out, *url.password);
        std::string encoded = percent_encode(*url.password, kUserinfoReserved);
        if (encoded != *url.password) out = dialect::mask_secret(out, encoded);
    }
    return out;
}

}  // namespace orm::engine
