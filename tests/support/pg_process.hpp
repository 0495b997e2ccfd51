// What the test servers share (pg_cluster.cpp defines it): starting a
// program as the account PostgreSQL runs as, waiting for it, and the
// initdb'd template every cluster is copied from. Test support only.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace orm_test::pg_process {

// Where Debian's PostgreSQL 15 programs are.
extern const char* const kBinDir;

// A server or initdb log, "" while it does not exist yet.
std::string log_text(const std::filesystem::path& path);

// The account the server runs as: initdb, postgres and pgbouncer refuse to run as root.
struct RunAs {
    bool drop = false;
    uid_t uid = 0;
    gid_t gid = 0;
};
RunAs run_as();

// Starts argv as a child (as the postgres user when root), output appended
// to `log`, in directory `cwd`; `death_signal` reaches it if this process
// dies without stopping it.
pid_t spawn(const std::vector<std::string>& argv, const std::filesystem::path& log, const std::filesystem::path& cwd,
            int death_signal);
// The child's exit status (128+N when killed by signal N).
int wait_exit(pid_t pid);

// Memory-backed /dev/shm when there is one, else the temp dir.
std::filesystem::path scratch_root();

// The initdb'd template cluster (made once per machine, under a lock);
// initdb's log goes into `dir`.
std::filesystem::path template_dir(const std::filesystem::path& dir);

// A double-quoted SQL identifier.
std::string quote_ident(const std::string& name);

}  // namespace orm_test::pg_process
