#include "support/pg_cluster.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include "support/pg_process.hpp"
#include "support/process.hpp"

namespace orm_test {

namespace fs = std::filesystem;

namespace pg_process {

const char* const kBinDir = "/usr/lib/postgresql/15/bin";

// A server or initdb log, "" while it does not exist yet.
std::string log_text(const fs::path& path) { return fs::exists(path) ? read_file(path) : std::string(); }

RunAs run_as() {
    RunAs r;
    if (geteuid() != 0) return r;
    passwd* pw = getpwnam("postgres");
    if (!pw) throw std::runtime_error("pg_cluster: running as root and there is no 'postgres' user to run the server");
    r.drop = true;
    r.uid = pw->pw_uid;
    r.gid = pw->pw_gid;
    return r;
}

// Starts argv as a child (as the postgres user when root), output appended to
// `log`, in directory `cwd`. `death_signal` reaches it if this process dies
// without stopping it, so no server outlives a crashed test run.
pid_t spawn(const std::vector<std::string>& argv, const fs::path& log, const fs::path& cwd, int death_signal) {
    RunAs who = run_as();
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("pg_cluster: fork failed");
    if (pid == 0) {
        int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) dup2(devnull, 0);
        if (who.drop) {
            if (setgroups(0, nullptr) != 0 || setgid(who.gid) != 0 || setuid(who.uid) != 0) _exit(126);
        }
        // Set after changing credentials: a credential change clears it.
        prctl(PR_SET_PDEATHSIG, death_signal);
        if (getppid() != parent) _exit(125);
        if (chdir(cwd.c_str()) != 0) _exit(124);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    return pid;
}

// Where clusters live: memory-backed /dev/shm when there is one (copying and
// writing the files is then nearly free), else the temp dir.
fs::path scratch_root() {
    std::error_code ec;
    if (fs::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK | X_OK) == 0) return "/dev/shm";
    return fs::temp_directory_path();
}

int wait_exit(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string quote_ident(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace pg_process

using namespace pg_process;

int unused_port() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("pg_cluster: socket() failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        close(fd);
        throw std::runtime_error("pg_cluster: could not find a free port");
    }
    close(fd);
    return ntohs(addr.sin_port);
}

PgCluster& PgCluster::instance() {
    // Destroyed at process exit, which stops the server and removes its files.
    static std::unique_ptr<PgCluster> cluster;
    static std::string failure;
    if (cluster) return *cluster;
    if (!failure.empty()) throw std::runtime_error(failure);
    std::unique_ptr<PgCluster> c(new PgCluster());
    try {
        c->start();
    } catch (const std::exception& e) {
        failure = e.what();
        throw;
    }
    cluster = std::move(c);
    return *cluster;
}

namespace {

// Removes the clusters of test processes that died without cleaning up
// (killed by a timeout, say): their servers died with them (PDEATHSIG), but
// their files would fill /dev/shm.
void remove_orphans(const fs::path& root) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        std::string name = entry.path().filename().string();
        if (name.rfind("orm-pg-", 0) != 0) continue;
        std::ifstream in(entry.path() / "owner.pid");
        long pid = 0;
        if (!(in >> pid) || pid <= 0) continue;
        if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) fs::remove_all(entry.path(), ec);
    }
}

}  // namespace

PgCluster::PgCluster() {
    remove_orphans(scratch_root());
    std::string tmpl = (scratch_root() / "orm-pg-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("pg_cluster: mkdtemp failed");
    dir_ = tmpl;
    std::ofstream(dir_ / "owner.pid") << getpid() << "\n";
    socket_dir_ = dir_;
    RunAs who = run_as();
    if (who.drop && chown(dir_.c_str(), who.uid, who.gid) != 0)
        throw std::runtime_error("pg_cluster: could not chown " + dir_.string());
}

PgCluster::~PgCluster() {
    stop();
    std::error_code ec;
    fs::remove_all(dir_, ec);
}

namespace pg_process {

// initdb costs seconds and every test process (ctest runs each test case as
// one) needs a cluster, so initdb runs once per machine into a cached
// template, under a lock, and each cluster starts from a copy of it.
fs::path template_dir(const fs::path& dir) {
    fs::path tmpl = scratch_root() / ("orm-pg15-template-" + std::to_string(geteuid()));
    fs::path ready = tmpl / ".orm-template-ready";
    int lock = open((tmpl.string() + ".lock").c_str(), O_RDWR | O_CREAT, 0644);
    if (lock < 0) throw std::runtime_error("pg_cluster: cannot create the template lock file");
    flock(lock, LOCK_EX);
    struct Unlock {
        int fd;
        ~Unlock() { close(fd); }   // closing releases the flock
    } unlock{lock};
    if (fs::exists(ready)) return tmpl;

    std::error_code ec;
    fs::remove_all(tmpl, ec);   // a half-made template from a killed run
    fs::path building = tmpl.string() + ".building";
    fs::remove_all(building, ec);
    fs::path log = dir / "initdb.log";
    pid_t initdb = spawn({std::string(kBinDir) + "/initdb", "-D", building.string(), "-U", "postgres", "-A", "trust",
                          "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions", "--wal-segsize=1"},
                         log, dir, SIGTERM);
    if (int rc = wait_exit(initdb); rc != 0)
        throw std::runtime_error("pg_cluster: initdb failed (exit " + std::to_string(rc) + "):\n" + log_text(log));
    fs::rename(building, tmpl);
    std::ofstream(ready) << "initdb done\n";
    return tmpl;
}

}  // namespace pg_process

void PgCluster::make_data_dir(const fs::path& data) {
    fs::path tmpl = template_dir(dir_);
    // cp -a as the server's user keeps the owner and the 0700 mode the server insists on.
    fs::path log = dir_ / "copy.log";
    pid_t cp = spawn({"/bin/cp", "-a", tmpl.string(), data.string()}, log, dir_, SIGTERM);
    if (int rc = wait_exit(cp); rc != 0)
        throw std::runtime_error("pg_cluster: copying the template cluster failed:\n" + log_text(log));
    fs::remove(data / ".orm-template-ready");
}

void PgCluster::start() {
    fs::path data = dir_ / "data";
    make_data_dir(data);

    // The password role must give its password over TCP; everyone else is trusted.
    {
        std::ofstream hba(data / "pg_hba.conf", std::ios::trunc);
        hba << "local all all trust\n"
            << "host all " << kPasswordRole << " 127.0.0.1/32 scram-sha-256\n"
            << "host all " << kPasswordRole << " ::1/128 scram-sha-256\n"
            << "host all all 127.0.0.1/32 trust\n"
            << "host all all ::1/128 trust\n";
    }

    fs::path log = dir_ / "server.log";
    std::string last_log;
    for (int attempt = 0; attempt < 6; ++attempt) {
        port_ = unused_port();
        // Durability is worthless for a throwaway cluster; startup and DDL speed are not.
        pid_ = spawn({std::string(kBinDir) + "/postgres", "-D", data.string(), "-p", std::to_string(port_), "-k",
                      socket_dir_.string(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c",
                      "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "shared_buffers=16MB", "-c",
                      "max_connections=50", "-c", "wal_level=minimal", "-c", "max_wal_senders=0", "-c",
                      "autovacuum=off", "-c", "checkpoint_timeout=1h", "-c", "log_min_messages=warning"},
                     log, dir_, SIGQUIT);
        std::string conninfo = "host=127.0.0.1 port=" + std::to_string(port_) +
                               " user=postgres dbname=postgres connect_timeout=2";
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        bool died = false;
        while (std::chrono::steady_clock::now() < deadline) {
            if (PQping(conninfo.c_str()) == PQPING_OK) {
                admin_exec(std::string("CREATE ROLE ") + kPasswordRole + " LOGIN SUPERUSER PASSWORD '" + kPassword +
                           "'");
                return;
            }
            int status = 0;
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                died = true;
                pid_ = -1;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        last_log = log_text(log);
        if (!died) {
            stop();
            throw std::runtime_error("pg_cluster: the server did not become ready within 60 s:\n" + last_log);
        }
        // Another process may have taken the port between our check and the bind: try another.
        if (last_log.find("could not bind") == std::string::npos &&
            last_log.find("already in use") == std::string::npos)
            break;
    }
    throw std::runtime_error("pg_cluster: the PostgreSQL server failed to start:\n" + last_log);
}

void PgCluster::stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGINT);   // fast shutdown: disconnect clients, no waiting for them
    for (int i = 0; i < 500; ++i) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill(pid_, SIGKILL);
    wait_exit(pid_);
    pid_ = -1;
}

namespace {
std::string encode_db(const std::string& db) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : db) {
        if (c == '%' || c == '?' || c == '#' || c == '/' || c <= ' ') {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}
}  // namespace

std::string PgCluster::url(const std::string& db) const {
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + encode_db(db);
}

std::string PgCluster::password_url(const std::string& db) const {
    return std::string("postgresql://") + kPasswordRole + ":" + kPassword + "@127.0.0.1:" + std::to_string(port_) +
           "/" + encode_db(db);
}

std::string PgCluster::socket_url(const std::string& db) const {
    return "postgresql://postgres@:" + std::to_string(port_) + "/" + encode_db(db) + "?host=" + socket_dir_.string();
}

void PgCluster::admin_exec(const std::string& sql, const std::string& db) const {
    const char* keys[] = {"host", "port", "user", "dbname", nullptr};
    std::string port = std::to_string(port_);
    const char* values[] = {"127.0.0.1", port.c_str(), "postgres", db.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 0);
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string err = PQerrorMessage(conn);
        PQfinish(conn);
        throw std::runtime_error("pg_cluster: cannot connect to the test cluster: " + err);
    }
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);   // "does not exist, skipping"
    PGresult* res = PQexec(conn, sql.c_str());
    auto st = PQresultStatus(res);
    std::string err = PQresultErrorMessage(res);
    PQclear(res);
    PQfinish(conn);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        throw std::runtime_error("pg_cluster: " + sql + ": " + err);
}

std::string PgCluster::create_database(const std::string& name) {
    admin_exec("DROP DATABASE IF EXISTS " + quote_ident(name) + " WITH (FORCE)");
    // FILE_COPY skips WAL-logging the template's pages: faster for a tiny, unsynced cluster.
    admin_exec("CREATE DATABASE " + quote_ident(name) + " STRATEGY = FILE_COPY");
    return url(name);
}

std::string create_database(const std::string& name) { return PgCluster::instance().create_database(name); }

}  // namespace orm_test
