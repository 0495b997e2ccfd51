// Database URLs (SPEC §2): parsing every documented form, rendering with the
// password hidden, malformed URLs, the precedence of URL sources, masking.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <string>

#include "orm/core/error.hpp"
#include "orm/engine/url.hpp"

using orm::engine::mask_password;
using orm::engine::resolve_url;
using orm::engine::Url;
using orm::engine::UrlSource;

namespace {

using opt = std::optional<std::string>;

struct Case {
    std::string text;
    std::string backend;
    opt driver, username, password, host;
    std::optional<int> port;
    opt database;
};

// Sets (or, for nullopt, unsets) an environment variable for one scope.
class EnvVar {
public:
    EnvVar(const char* name, const opt& value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value) setenv(name, value->c_str(), 1);
        else unsetenv(name);
    }
    ~EnvVar() {
        if (old_) setenv(name_, old_->c_str(), 1);
        else unsetenv(name_);
    }

private:
    const char* name_;
    opt old_;
};

std::string usage_error_of(const std::string& text) {
    try {
        Url::parse(text);
    } catch (const orm::UsageError& e) {
        return e.what();
    }
    FAIL("no UsageError for " << text);
    return "";
}

}  // namespace

TEST_CASE("URL forms of SPEC section 2 parse as SQLAlchemy's make_url does", "[url]") {
    const Case cases[] = {
        {"sqlite:///relative.db", "sqlite", {}, {}, {}, {}, {}, "relative.db"},
        {"sqlite:///dir/sub/file.db", "sqlite", {}, {}, {}, {}, {}, "dir/sub/file.db"},
        {"sqlite:////absolute.db", "sqlite", {}, {}, {}, {}, {}, "/absolute.db"},
        {"sqlite:////tmp/x/y.db", "sqlite", {}, {}, {}, {}, {}, "/tmp/x/y.db"},
        {"sqlite://", "sqlite", {}, {}, {}, {}, {}, {}},
        {"sqlite:///:memory:", "sqlite", {}, {}, {}, {}, {}, ":memory:"},
        {"sqlite+pysqlite:///a.db", "sqlite", "pysqlite", {}, {}, {}, {}, "a.db"},
        {"postgresql://user:pass@host:5433/db", "postgresql", {}, "user", "pass", "host", 5433, "db"},
        {"postgresql://user@host/db", "postgresql", {}, "user", {}, "host", {}, "db"},
        {"postgresql://host/db", "postgresql", {}, {}, {}, "host", {}, "db"},
        {"postgresql://localhost", "postgresql", {}, {}, {}, "localhost", {}, {}},
        {"postgresql:///db", "postgresql", {}, {}, {}, {}, {}, "db"},
        {"postgresql+psycopg2://u:p@h:1/d", "postgresql", "psycopg2", "u", "p", "h", 1, "d"},
        {"postgresql+asyncpg://u@h/d", "postgresql", "asyncpg", "u", {}, "h", {}, "d"},
        {"postgres://u:p@h/d", "postgresql", {}, "u", "p", "h", {}, "d"},
        {"postgres+psycopg2://u:p@h/d", "postgresql", "psycopg2", "u", "p", "h", {}, "d"},
        // percent-decoding of user, password and database
        {"postgresql://us%40er:p%40ss%3Aw%2Fd@h/my%20db", "postgresql", {}, "us@er", "p@ss:w/d", "h", {}, "my db"},
        // an unencoded '@' in the password: the password runs to the last '@' before the query
        {"postgresql://u:p@ss@h/db", "postgresql", {}, "u", "p@ss", "h", {}, "db"},
        // ... '/', '%' and ':' too: no piece of it becomes the host or the database
        {"postgresql://bob:p@ss/w%rd:x@host/db", "postgresql", {}, "bob", "p@ss/w%rd:x", "host", {}, "db"},
        {"postgresql://bob:p@ss/w%rd:x@127.0.0.1:5433/db?sslmode=disable", "postgresql", {}, "bob", "p@ss/w%rd:x",
         "127.0.0.1", 5433, "db"},
        {"postgresql://u:p/w@h/db", "postgresql", {}, "u", "p/w", "h", {}, "db"},
        {"postgresql://u:@h/db", "postgresql", {}, "u", "", "h", {}, "db"},
        // IPv6
        {"postgresql://u:p@[::1]:5432/db", "postgresql", {}, "u", "p", "::1", 5432, "db"},
        {"postgresql://[2001:db8::7]/db", "postgresql", {}, {}, {}, "2001:db8::7", {}, "db"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        Url url = Url::parse(c.text);
        CHECK(url.backend == c.backend);
        CHECK(url.driver == c.driver);
        CHECK(url.username == c.username);
        CHECK(url.password == c.password);
        CHECK(url.host == c.host);
        CHECK(url.port == c.port);
        CHECK(url.database == c.database);
    }
}

TEST_CASE("postgres:// is accepted with a deprecation warning", "[url]") {
    for (std::string text : {"postgres://u:p@h/d", "postgres+psycopg2://u:p@h/d"}) {
        INFO(text);
        Url url = Url::parse(text);
        REQUIRE(url.warnings.size() == 1);
        CHECK_THAT(url.warnings[0], Catch::Contains("deprecated") && Catch::Contains("postgresql"));
        CHECK(url.backend == "postgresql");
        CHECK(url.to_connect_params().backend == "postgresql");
    }
    CHECK(Url::parse("postgres+psycopg2://h/d").warnings[0].find("postgresql+psycopg2://") != std::string::npos);
    CHECK(Url::parse("postgresql://u:p@h/d").warnings.empty());
    CHECK(Url::parse("sqlite://").warnings.empty());
}

TEST_CASE("query parameters, unix sockets and connect params", "[url]") {
    Url url = Url::parse("postgresql://u@/db?host=/var/run/postgresql&sslmode=disable&application_name=a+b");
    CHECK(!url.host);
    CHECK(url.query.at("host") == "/var/run/postgresql");
    CHECK(url.query.at("application_name") == "a b");
    auto p = url.to_connect_params();
    CHECK(p.host == std::optional<std::string>("/var/run/postgresql"));
    CHECK(p.query.count("host") == 0);
    CHECK(p.query.at("sslmode") == "disable");
    CHECK(p.database == "db");
    CHECK(p.username == std::optional<std::string>("u"));

    auto q = Url::parse("postgresql://h/db?port=6543").to_connect_params();
    CHECK(q.port == std::optional<int>(6543));
    CHECK(q.query.empty());

    auto mem = Url::parse("sqlite://");
    CHECK(mem.is_memory());
    CHECK(mem.to_connect_params().database == ":memory:");
    CHECK(Url::parse("sqlite:///:memory:").is_memory());
    CHECK(Url::parse("sqlite:///").is_memory());
    CHECK_FALSE(Url::parse("sqlite:///a.db").is_memory());
    CHECK(Url::parse("sqlite:///a.db").to_connect_params().database == "a.db");
    CHECK(Url::parse("sqlite:////abs/a.db").to_connect_params().database == "/abs/a.db");
    CHECK(Url::parse("sqlite:///a.db?timeout=2").to_connect_params().query.at("timeout") == "2");
}

TEST_CASE("render hides the password unless asked", "[url]") {
    Url url = Url::parse("postgresql+psycopg2://scott:tiger@localhost:5432/test?sslmode=require");
    CHECK(url.render() == "postgresql+psycopg2://scott:***@localhost:5432/test?sslmode=require");
    CHECK(url.render(false) == "postgresql+psycopg2://scott:tiger@localhost:5432/test?sslmode=require");
    CHECK(Url::parse("postgresql://u:p%40ss@h/d").render(false) == "postgresql://u:p%40ss@h/d");
    CHECK(Url::parse("postgresql://u:p%40ss@h/d").render() == "postgresql://u:***@h/d");
    CHECK(Url::parse("postgresql://u@[::1]:5/d").render() == "postgresql://u@[::1]:5/d");
    CHECK(Url::parse("sqlite://").render() == "sqlite://");
    CHECK(Url::parse("sqlite:///:memory:").render() == "sqlite:///:memory:");
    CHECK(Url::parse("sqlite:////abs/x.db").render() == "sqlite:////abs/x.db");
    CHECK(Url::parse("postgresql://h/d?host=/tmp").render() == "postgresql://h/d?host=/tmp");
    // render then parse is the identity
    for (std::string text : {"postgresql://a%3Ab:c%2Fd@h:1/e%3Ff?x=1&y=2", "sqlite:///rel/a.db"}) {
        Url a = Url::parse(text);
        Url b = Url::parse(a.render(false));
        CHECK(b.username == a.username);
        CHECK(b.password == a.password);
        CHECK(b.database == a.database);
        CHECK(b.query == a.query);
    }
}

TEST_CASE("malformed URLs are usage errors that quote the URL with the password masked", "[url]") {
    struct Bad {
        std::string text;
        std::string message;   // a fragment the message must hold
    };
    const Bad cases[] = {
        {"", "expected 'dialect[+driver]://...'"},
        {"orm.db", "invalid database URL 'orm.db': expected 'dialect[+driver]://...'"},
        {"postgresql:/h/db", "expected 'dialect[+driver]://"},
        {"://h/db", "expected 'dialect[+driver]://"},
        {"mysql://u:hunter2@h/db", "invalid database URL 'mysql://u:***@h/db': unsupported database backend 'mysql'"},
        {"post gres://h/db", "invalid character ' ' in the scheme"},
        {"postgresql://u:hunter2@h:port/db",
         "invalid database URL 'postgresql://u:***@h:port/db': invalid port 'port': expected a number"},
        {"postgresql://u:hunter2@h:99999/db", "invalid port '99999'"},
        {"postgresql://u:hunter2@[::1/db", "invalid database URL 'postgresql://u:***@[::1/db': an IPv6 host must end"},
        {"postgresql://u:hunter2@[::1]x/db", "unexpected 'x/db' after the host"},
        {"postgresql://h/db?=1", "empty query parameter name"},
        {"postgresql://u:hunter2@h/db?port=abc", "invalid port 'abc'"},
        {"sqlite://relative.db", "a SQLite URL takes no user, password, host or port"},
        {"sqlite://u:hunter2@/x.db", "invalid database URL 'sqlite://u:***@/x.db': a SQLite URL takes no user"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        std::string message = usage_error_of(c.text);
        CHECK_THAT(message, Catch::Contains(c.message));
        CHECK(message.find("hunter2") == std::string::npos);
    }
    try {
        Url::parse("mysql://u:pw@h/db");
    } catch (const orm::Error& e) {
        CHECK(e.category() == orm::ErrorCategory::usage);
    }
}

TEST_CASE("URL precedence: --url > ORM_URL > DATABASE_URL > models file > default", "[url]") {
    const opt cli = "sqlite:///cli.db";
    const opt models = "sqlite:///models.db";
    {
        EnvVar a("ORM_URL", "sqlite:///orm_url.db"), b("DATABASE_URL", "sqlite:///database_url.db");
        auto r = resolve_url(cli, models);
        CHECK(r.source == UrlSource::cli_option);
        CHECK(*r.url.database == "cli.db");
        r = resolve_url(std::nullopt, models);
        CHECK(r.source == UrlSource::orm_url_env);
        CHECK(*r.url.database == "orm_url.db");
        r = resolve_url(std::string(), models);   // an empty --url counts as unset
        CHECK(r.source == UrlSource::orm_url_env);
    }
    {
        EnvVar a("ORM_URL", std::nullopt), b("DATABASE_URL", "postgres://u:p@h/heroku");
        auto r = resolve_url(std::nullopt, models);
        CHECK(r.source == UrlSource::database_url_env);
        CHECK(*r.url.database == "heroku");
        CHECK(r.url.warnings.size() == 1);
    }
    {
        EnvVar a("ORM_URL", ""), b("DATABASE_URL", std::nullopt);   // empty counts as unset
        auto r = resolve_url(std::nullopt, models);
        CHECK(r.source == UrlSource::models_file);
        CHECK(*r.url.database == "models.db");
        r = resolve_url(std::nullopt, std::nullopt);
        CHECK(r.source == UrlSource::default_url);
        CHECK(r.url.render() == "sqlite:///orm.db");
        CHECK(describe(r.source) == "the default");
    }
    {
        EnvVar a("ORM_URL", "postgresql://u:hunter2@h:x/db"), b("DATABASE_URL", std::nullopt);
        try {
            resolve_url(std::nullopt, models);
            FAIL("no error");
        } catch (const orm::UsageError& e) {
            std::string m = e.what();
            CHECK_THAT(m, Catch::Contains("(from ORM_URL)") && Catch::Contains("u:***@h:x/db"));
            CHECK(m.find("hunter2") == std::string::npos);
        }
    }
}

TEST_CASE("mask_password scrubs the URL's password and any URL's password from text", "[url]") {
    Url url = Url::parse("postgresql://scott:t%40ger!@db.example.com/app");
    CHECK(*url.password == "t@ger!");
    CHECK(mask_password("FATAL: password t@ger! rejected", url) == "FATAL: password *** rejected");
    CHECK(mask_password("connecting to postgresql://scott:t%40ger!@db.example.com/app now", url) ==
          "connecting to postgresql://scott:***@db.example.com/app now");
    CHECK(mask_password("a URL postgresql://x:other@h/d and sqlite:///a:b@c.db") ==
          "a URL postgresql://x:***@h/d and sqlite:///a:b@c.db");
    CHECK(mask_password("'postgresql://x:pw@h/d'") == "'postgresql://x:***@h/d'");
    CHECK(mask_password("at postgresql://bob:p@ss/w%rd:x@host/db.") == "at postgresql://bob:***@host/db.");
    CHECK(mask_password("no url here: a:b@c") == "no url here: a:b@c");
    // a common password that is also a word does not mangle longer words
    Url pg = Url::parse("postgresql://postgres:postgres@localhost/postgres");
    CHECK(mask_password("dialect postgresql, role 'postgres'", pg) == "dialect postgresql, role '***'");
    // no password: nothing changes
    Url none = Url::parse("postgresql://u@h/d");
    CHECK(mask_password("u@h password", none) == "u@h password");
}
