// A throwaway PostgreSQL 15 cluster for tests: a copy of an initdb'd
// template (made once per machine) in a fresh dir under /dev/shm or $TMPDIR,
// a server on a free 127.0.0.1 port (and a unix socket in the temp dir),
// started once per test process on first use and stopped and removed at
// exit. PostgreSQL tests are never skipped: when the server cannot start,
// every use throws with the server's log.
#pragma once

#include <filesystem>
#include <string>

namespace orm_test {

class PgCluster {
public:
    // The process's cluster, started on first call; throws std::runtime_error
    // (with initdb's / the server's output) when it cannot start.
    static PgCluster& instance();

    int port() const { return port_; }
    const std::filesystem::path& socket_dir() const { return socket_dir_; }

    // postgresql://postgres@127.0.0.1:PORT/db (the superuser, no password).
    std::string url(const std::string& db) const;
    // The same database through a password-protected superuser role, for
    // testing that passwords never show.
    std::string password_url(const std::string& db) const;
    // postgresql://postgres@/db?host=SOCKET_DIR (the unix socket).
    std::string socket_url(const std::string& db) const;

    // Drops (if present) and creates database `name`; returns url(name).
    // `name` may hold any characters: it is quoted.
    std::string create_database(const std::string& name);

    // Runs SQL as the superuser in database `db` ("postgres" by default); throws on error.
    void admin_exec(const std::string& sql, const std::string& db = "postgres") const;

    static constexpr const char* kPasswordRole = "orm_secret";
    static constexpr const char* kPassword = "Sup3r-Secr3t";

    ~PgCluster();
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

private:
    PgCluster();
    void start();
    void make_data_dir(const std::filesystem::path& data);
    void stop();

    std::filesystem::path dir_;
    std::filesystem::path socket_dir_;
    int port_ = 0;
    int pid_ = -1;
};

// PgCluster::instance().create_database(name).
std::string create_database(const std::string& name);

// A port on 127.0.0.1 where nothing listens (was free a moment ago).
int unused_port();

}  // namespace orm_test
