#include "support/pg_server.hpp"

#include <libpq-fe.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "support/pg_cluster.hpp"
#include "support/pg_process.hpp"
#include "support/process.hpp"

namespace orm_test {

namespace fs = std::filesystem;
using namespace pg_process;

namespace {

using Clock = std::chrono::steady_clock;

// A scratch directory named as PgCluster's, so that its orphan sweep also
// removes ours when a test process dies without cleaning up.
fs::path make_scratch_dir() {
    std::string tmpl = (scratch_root() / "orm-pg-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("pg_server: mkdtemp failed");
    fs::path dir = tmpl;
    std::ofstream(dir / "owner.pid") << getpid() << "\n";
    give_to_server_user(dir);
    return dir;
}

// Sends `signal`, then waits up to 10 s before SIGKILL.
void stop_process(pid_t& pid, int signal) {
    if (pid <= 0) return;
    kill(pid, signal);
    for (int i = 0; i < 500; ++i) {
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            pid = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid, SIGKILL);
    wait_exit(pid);
    pid = -1;
}

std::string conninfo(int port, const std::string& db) {
    return "host=127.0.0.1 port=" + std::to_string(port) + " user=postgres dbname=" + db + " connect_timeout=5";
}

// Polls PQping until the program at `port` answers or `pid` exits (60 s at most); returns whether it answered.
bool wait_ready(int port, pid_t& pid) {
    const std::string info = conninfo(port, "postgres");
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (Clock::now() < deadline) {
        if (PQping(info.c_str()) == PQPING_OK) return true;
        int status = 0;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            pid = -1;
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

// Copies the template into `data` as the server's user (cp -a keeps the owner and mode).
void copy_template(const fs::path& dir, const fs::path& data) {
    fs::path tmpl = template_dir(dir);
    fs::path log = dir / "copy.log";
    if (int rc = wait_exit(spawn({"/bin/cp", "-a", tmpl.string(), data.string()}, log, dir, SIGTERM)); rc != 0)
        throw std::runtime_error("pg_server: copying the template cluster failed:\n" + log_text(log));
    fs::remove(data / ".orm-template-ready");
}

}  // namespace

void give_to_server_user(const fs::path& path) {
    RunAs who = run_as();
    if (who.drop && chown(path.c_str(), who.uid, who.gid) != 0)
        throw std::runtime_error("pg_server: could not chown " + path.string());
}

PgServer::PgServer() : dir_(make_scratch_dir()) {}

PgServer::~PgServer() {
    stop();
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

std::unique_ptr<PgServer> PgServer::start(Options options) {
    std::unique_ptr<PgServer> server(new PgServer());
    copy_template(server->dir_, server->dir_ / "data");
    server->launch(options);
    return server;
}

std::unique_ptr<PgServer> PgServer::start() { return start(Options()); }

std::unique_ptr<PgServer> PgServer::start_standby(const PgServer& primary) {
    std::unique_ptr<PgServer> server(new PgServer());
    fs::path log = server->dir_ / "basebackup.log";
    int rc = wait_exit(spawn({std::string(kBinDir) + "/pg_basebackup", "-D", (server->dir_ / "data").string(), "-h",
                              "127.0.0.1", "-p", std::to_string(primary.port()), "-U", "postgres", "-R", "-X",
                              "stream", "-c", "fast", "--no-sync"},
                             log, server->dir_, SIGTERM));
    if (rc != 0) throw std::runtime_error("pg_server: pg_basebackup failed:\n" + log_text(log));
    server->launch(Options());
    return server;
}

void PgServer::launch(const Options& options) {
    fs::path data = dir_ / "data";
    {
        std::ofstream hba(data / "pg_hba.conf", std::ios::trunc);
        hba << options.hba;
    }
    if (options.prepare) options.prepare(data);
    fs::path log = dir_ / "server.log";
    for (int attempt = 0; attempt < 6; ++attempt) {
        port_ = unused_port();
        std::vector<std::string> argv = {std::string(kBinDir) + "/postgres", "-D", data.string(), "-p",
                                         std::to_string(port_), "-k", dir_.string(), "-c",
                                         "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
                                         "full_page_writes=off", "-c", "shared_buffers=16MB", "-c",
                                         "max_connections=60", "-c", "wal_level=replica", "-c", "max_wal_senders=4",
                                         "-c", "autovacuum=off", "-c", "log_min_messages=warning"};
        for (const auto& s : options.settings) {
            argv.push_back("-c");
            argv.push_back(s);
        }
        pid_ = spawn(argv, log, dir_, SIGQUIT);
        if (wait_ready(port_, pid_)) return;
        std::string text = log_text(log);
        if (pid_ > 0) {
            stop();
            throw std::runtime_error("pg_server: the server did not become ready within 60 s:\n" + text);
        }
        if (text.find("could not bind") == std::string::npos && text.find("already in use") == std::string::npos)
            throw std::runtime_error("pg_server: the PostgreSQL server failed to start:\n" + text);
    }
    throw std::runtime_error("pg_server: no free port for the server:\n" + log_text(log));
}

void PgServer::stop() { stop_process(pid_, SIGINT); }   // fast shutdown

std::string PgServer::url(const std::string& db) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

namespace {

PGconn* admin_connect(int port, const std::string& db) {
    PGconn* conn = PQconnectdb(conninfo(port, db).c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string err = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("pg_server: cannot connect: " + err);
    }
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
    return conn;
}

std::string run_admin(int port, const std::string& sql, const std::string& db) {
    PGconn* conn = admin_connect(port, db);
    PGresult* res = PQexec(conn, sql.c_str());
    auto st = PQresultStatus(res);
    std::string err = PQresultErrorMessage(res);
    std::string value = st == PGRES_TUPLES_OK && PQntuples(res) > 0 ? PQgetvalue(res, 0, 0) : "";
    PQclear(res);
    PQfinish(conn);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) throw std::runtime_error("pg_server: " + sql + ": " + err);
    return value;
}

}  // namespace

void PgServer::admin_exec(const std::string& sql, const std::string& db) const { run_admin(port_, sql, db); }

std::string PgServer::admin_value(const std::string& sql, const std::string& db) const {
    return run_admin(port_, sql, db);
}

void PgServer::wait_for_replay(const PgServer& primary) const {
    const std::string lsn = primary.admin_value("SELECT pg_current_wal_lsn()");
    const std::string caught_up = "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn";
    auto deadline = Clock::now() + std::chrono::seconds(60);
    while (admin_value(caught_up) != "t") {
        if (Clock::now() > deadline)
            throw std::runtime_error("pg_server: the standby did not replay up to " + lsn + " within 60 s:\n" +
                                     log_text(dir_ / "server.log"));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

// ------------------------------------------------------------------ PgBouncer

PgBouncer::PgBouncer(const PgServer& server, const std::string& pool_mode,
                     const std::vector<std::pair<std::string, std::string>>& users)
    : dir_(make_scratch_dir()) {
    {
        std::ofstream list(dir_ / "userlist.txt");
        for (const auto& [name, password] : users) list << '"' << name << "\" \"" << password << "\"\n";
    }
    fs::path log = dir_ / "pgbouncer.log";
    for (int attempt = 0; attempt < 6; ++attempt) {
        port_ = unused_port();
        {
            std::ofstream ini(dir_ / "pgbouncer.ini", std::ios::trunc);
            ini << "[databases]\n* = host=127.0.0.1 port=" << server.port() << "\n\n"
                << "[pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = " << port_ << "\nunix_socket_dir =\n"
                << "auth_type = trust\nauth_file = " << (dir_ / "userlist.txt").string() << "\n"
                << "pool_mode = " << pool_mode << "\nmax_client_conn = 200\ndefault_pool_size = 5\n"
                << "server_reset_query = DISCARD ALL\nlog_connections = 0\nlog_disconnections = 0\n";
        }
        give_to_server_user(dir_ / "pgbouncer.ini");
        give_to_server_user(dir_ / "userlist.txt");
        pid_ = spawn({"/usr/sbin/pgbouncer", (dir_ / "pgbouncer.ini").string()}, log, dir_, SIGTERM);
        if (wait_ready(port_, pid_)) return;
        std::string text = log_text(log);
        if (pid_ > 0) {
            stop_process(pid_, SIGINT);
            throw std::runtime_error("pg_server: pgbouncer did not become ready within 60 s:\n" + text);
        }
        if (text.find("Address already in use") == std::string::npos)
            throw std::runtime_error("pg_server: pgbouncer failed to start:\n" + text);
    }
    throw std::runtime_error("pg_server: no free port for pgbouncer:\n" + log_text(log));
}

PgBouncer::~PgBouncer() {
    stop_process(pid_, SIGTERM);   // immediate shutdown: SIGINT would wait for the clients
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

std::string PgBouncer::url(const std::string& db) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + db;
}

}  // namespace orm_test
