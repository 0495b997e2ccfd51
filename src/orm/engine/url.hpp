// Database URLs (SPEC §2), parsed as SQLAlchemy's make_url() does, and the
// rule that picks which URL a command uses.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "orm/dialect/dialect.hpp"

namespace orm::engine {

// A parsed database URL; fields mirror SQLAlchemy's URL object.
struct Url {
    std::string drivername;              // as written before "://": "postgresql+psycopg2"
    std::string backend;                 // the dialect's name (a deprecated alias such as "postgres" normalised)
    std::optional<std::string> driver;   // "psycopg2": kept, not used
    std::optional<std::string> username; // percent-decoded
    std::optional<std::string> password; // percent-decoded
    std::optional<std::string> host;     // without IPv6 brackets
    std::optional<int> port;
    std::optional<std::string> database; // percent-decoded; SQLite: a path, ":memory:" or absent
    std::map<std::string, std::string> query;
    std::vector<std::string> warnings;   // e.g. the deprecated "postgres://" scheme

    // Parses `text`. Throws UsageError for a malformed URL or an unsupported
    // backend; the message quotes the URL with its password shown as "***".
    static Url parse(std::string_view text);

    // The URL as text; the password is "***" unless hide_password is false.
    std::string render(bool hide_password = true) const;

    // The fields after the scheme, as the dialect reads them.
    dialect::UrlParts parts() const;

    // A database that lives only as long as its connection (sqlite://, sqlite:///:memory:).
    bool is_memory() const;

    // What the driver needs, as the dialect makes it from the URL
    // (PostgreSQL: ?host= and ?port= become host and port, the other query
    // options go to libpq; SQLite: an absent database is ":memory:").
    dialect::ConnectParams to_connect_params() const;
};

// Where the URL in use came from, in order of precedence.
enum class UrlSource { cli_option, orm_url_env, database_url_env, models_file, default_url };

// "--url", "ORM_URL", "DATABASE_URL", "the models file's create_engine()", "the default".
std::string describe(UrlSource source);

struct ResolvedUrl {
    Url url;
    UrlSource source;
};

// The default when nothing names a database.
inline constexpr std::string_view kDefaultUrl = "sqlite:///orm.db";

// Picks the URL: `cli_url` (--url) > $ORM_URL > $DATABASE_URL > `models_file_url`
// (the models file's create_engine(...)) > sqlite:///orm.db. Empty values count
// as unset. A malformed winner is a UsageError naming its source.
ResolvedUrl resolve_url(const std::optional<std::string>& cli_url,
                        const std::optional<std::string>& models_file_url);

// `text` with `url`'s password (as written and percent-encoded) replaced by
// "***", and so is the password of any "scheme://user:password@" URL in it.
std::string mask_password(std::string_view text, const Url& url);
// Only the "scheme://user:password@" URLs in `text` are masked.
std::string mask_password(std::string_view text);

}  // namespace orm::engine
