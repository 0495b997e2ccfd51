// PostgreSQL servers and a PgBouncer of a test's own, beside the process's
// shared PgCluster, for what needs settings of its own: a replication
// primary and a hot standby made from it with pg_basebackup -R, a server
// taking TLS, a pooler in session or transaction mode. Each listens on a
// free 127.0.0.1 port, lives in its own scratch directory and is stopped
// (and its files removed) when the object dies; a failure to start throws
// with the program's log. Never skipped.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace orm_test {

class PgServer {
public:
    struct Options {
        // postgres -c settings ("name=value"), after the ones every test server has.
        std::vector<std::string> settings;
        // pg_hba.conf: trust on 127.0.0.1 and the socket by default.
        std::string hba = "local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n";
        // Called with the data directory before the server starts (certificates, say).
        std::function<void(const std::filesystem::path& data)> prepare;
    };

    // A new cluster (a copy of the initdb'd template), able to be a
    // replication primary (wal_level replica, WAL senders).
    static std::unique_ptr<PgServer> start(Options options);
    static std::unique_ptr<PgServer> start();
    // A hot standby of `primary`: pg_basebackup -R of it, started.
    static std::unique_ptr<PgServer> start_standby(const PgServer& primary);

    int port() const { return port_; }
    const std::filesystem::path& dir() const { return dir_; }
    // postgresql://postgres@127.0.0.1:PORT/db
    std::string url(const std::string& db) const;
    // Runs SQL as the superuser in `db`; throws on error.
    void admin_exec(const std::string& sql, const std::string& db = "postgres") const;
    // The first column of the first row of `sql` in `db`, as text ("" for NULL or no row).
    std::string admin_value(const std::string& sql, const std::string& db = "postgres") const;
    // Polls until this standby has replayed everything `primary` has written so far.
    void wait_for_replay(const PgServer& primary) const;

    ~PgServer();
    PgServer(const PgServer&) = delete;
    PgServer& operator=(const PgServer&) = delete;

private:
    PgServer();
    void launch(const Options& options);
    void stop();

    std::filesystem::path dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

class PgBouncer {
public:
    // pgbouncer in `pool_mode` ("session" or "transaction") in front of
    // `server`, every database, the users in `users` (name, password; an
    // empty password: trust) written to its userlist.
    PgBouncer(const PgServer& server, const std::string& pool_mode,
              const std::vector<std::pair<std::string, std::string>>& users = {{"postgres", ""}});
    ~PgBouncer();
    PgBouncer(const PgBouncer&) = delete;
    PgBouncer& operator=(const PgBouncer&) = delete;

    int port() const { return port_; }
    // postgresql://postgres@127.0.0.1:PORT/db through the pooler.
    std::string url(const std::string& db) const;

private:
    std::filesystem::path dir_;
    int port_ = 0;
    pid_t pid_ = -1;
};

// Makes `path` (a file or directory the test made) the server account's,
// so that programs running as it may read and write it.
void give_to_server_user(const std::filesystem::path& path);

}  // namespace orm_test
