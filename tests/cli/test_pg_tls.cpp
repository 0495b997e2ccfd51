// orm over TLS: a server whose certificate a CA made by the test signed,
// and which refuses connections without TLS; the URL's sslmode=require and
// sslmode=verify-full&sslrootcert=... go to libpq; a certificate another CA
// signed fails verify-full with a clear exit 4; passwords from PGPASSWORD
// and PGPASSFILE work and are never printed.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include "support/pg_server.hpp"
#include "support/process.hpp"

using namespace orm_test;

namespace {

const char* kPassword = "Tls-Secr3t-pw";

// openssl, failing the test with its output.
void openssl(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
    std::vector<std::string> argv = {"openssl"};
    argv.insert(argv.end(), args.begin(), args.end());
    auto r = run_process(argv, {}, "", cwd);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
}

// A self-signed CA (NAME.crt, NAME.key) in `dir`.
void make_ca(const std::filesystem::path& dir, const std::string& name) {
    openssl({"req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
             name + ".key", "-out", name + ".crt", "-days", "2", "-subj", "/CN=orm test " + name},
            dir);
}

// server.crt / server.key for 127.0.0.1 and localhost, signed by `ca`.
void make_server_cert(const std::filesystem::path& dir, const std::string& ca) {
    openssl({"req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key",
             "-out", "server.csr", "-subj", "/CN=localhost"},
            dir);
    write_file(dir / "san.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl({"x509", "-req", "-in", "server.csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
             "-out", "server.crt", "-days", "2", "-extfile", "san.ext"},
            dir);
}

std::string models() { return (source_dir() / "share/examples/shop/models.py").string(); }

}  // namespace

TEST_CASE("cli over TLS: sslmode=require and verify-full against the test's CA work, another CA fails with exit 4, "
          "PGPASSWORD and PGPASSFILE work and are never printed",
          "[cli][postgresql][tls]") {
    TempDir certs;
    make_ca(certs.path(), "ca");
    make_ca(certs.path(), "other-ca");
    make_server_cert(certs.path(), "ca");

    PgServer::Options options;
    options.settings = {"ssl=on", "ssl_cert_file=server.crt", "ssl_key_file=server.key"};
    // TLS or nothing over TCP; the role app gives its password.
    options.hba = "local all all trust\n"
                  "hostssl all app 127.0.0.1/32 scram-sha-256\n"
                  "hostssl all all 127.0.0.1/32 trust\n"
                  "hostnossl all all 127.0.0.1/32 reject\n";
    options.prepare = [&](const std::filesystem::path& data) {
        for (const char* file : {"server.crt", "server.key"}) {
            std::filesystem::copy_file(certs / file, data / file);
            chmod((data / file).c_str(), 0600);
            give_to_server_user(data / file);
        }
    };
    auto server = PgServer::start(options);
    server->admin_exec(std::string("CREATE ROLE app LOGIN PASSWORD '") + kPassword + "'");
    server->admin_exec("CREATE DATABASE shop OWNER app");
    const std::string base = "postgresql://postgres@127.0.0.1:" + std::to_string(server->port()) + "/shop";
    const std::string ca = (certs / "ca.crt").string(), other_ca = (certs / "other-ca.crt").string();

    // Without TLS the server refuses: what works below went over TLS.
    auto plain = run_orm({"--models", models(), "--url", base + "?sslmode=disable", "create-all"});
    CHECK(plain.exit_code == 4);
    CHECK_THAT(plain.err, Catch::Contains("no encryption"));

    auto required = run_orm({"--models", models(), "--url", base + "?sslmode=require", "create-all"});
    INFO(required.err);
    CHECK(required.exit_code == 0);
    auto verified =
        run_orm({"--models", models(), "--url", base + "?sslmode=verify-full&sslrootcert=" + ca, "diff", "--exit-code"});
    INFO(verified.out << verified.err);
    CHECK(verified.exit_code == 0);   // connected, and the tables match the models
    auto inspect = run_orm({"--url", base + "?sslmode=verify-full&sslrootcert=" + ca, "inspect", "--format", "json"});
    CHECK(inspect.exit_code == 0);
    CHECK_THAT(inspect.out, Catch::Contains("\"customers\""));

    auto wrong_ca = run_orm({"--url", base + "?sslmode=verify-full&sslrootcert=" + other_ca, "inspect"});
    CHECK(wrong_ca.exit_code == 4);
    CHECK_THAT(wrong_ca.err, Catch::Contains("could not connect to server at 127.0.0.1:" +
                                             std::to_string(server->port())) &&
                                 Catch::Contains("certificate verify failed"));

    // The role app's password, from the environment and from a password file.
    const std::string app = "postgresql://app@127.0.0.1:" + std::to_string(server->port()) +
                            "/shop?sslmode=verify-full&sslrootcert=" + ca;
    auto from_env = run_orm({"--echo", "--url", app, "inspect", "--format", "json"}, {{"PGPASSWORD", kPassword}});
    INFO(from_env.err);
    CHECK(from_env.exit_code == 0);
    CHECK(from_env.out.find(kPassword) == std::string::npos);
    CHECK(from_env.err.find(kPassword) == std::string::npos);
    auto config = run_orm({"--url", app, "config"}, {{"PGPASSWORD", kPassword}});
    CHECK(config.out.find(kPassword) == std::string::npos);

    TempDir home;
    write_file(home / "pgpass", "127.0.0.1:" + std::to_string(server->port()) + ":shop:app:" + kPassword + "\n");
    chmod((home / "pgpass").c_str(), 0600);
    auto from_file = run_orm({"--echo", "--url", app, "inspect", "--format", "json"},
                             {{"PGPASSFILE", (home / "pgpass").string()}, {"PGPASSWORD", ""}});
    INFO(from_file.err);
    CHECK(from_file.exit_code == 0);
    CHECK((from_file.out + from_file.err).find(kPassword) == std::string::npos);

    // A wrong password: exit 4 naming the user, and neither password shown.
    auto wrong = run_orm({"--url", app, "inspect"}, {{"PGPASSWORD", "not-the-Secr3t"}, {"PGPASSFILE", ""}});
    CHECK(wrong.exit_code == 4);
    CHECK_THAT(wrong.err, Catch::Contains("password authentication failed for user \"app\""));
    CHECK((wrong.out + wrong.err).find("not-the-Secr3t") == std::string::npos);
    CHECK((wrong.out + wrong.err).find(kPassword) == std::string::npos);
}
