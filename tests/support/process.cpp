#include "support/process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace orm_test {

namespace fs = std::filesystem;

std::vector<std::string> merged_environment(const std::map<std::string, std::string>& env) {
    std::map<std::string, std::string> merged;
    for (char** e = environ; *e; ++e) {
        std::string entry(*e);
        auto eq = entry.find('=');
        if (eq != std::string::npos) merged[entry.substr(0, eq)] = entry.substr(eq + 1);
    }
    for (const auto& [k, v] : env) {
        if (v.empty()) merged.erase(k);
        else merged[k] = v;
    }
    std::vector<std::string> out;
    for (const auto& [k, v] : merged) out.push_back(k + "=" + v);
    return out;
}

RunResult run_process(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                      const std::string& input, const std::optional<fs::path>& cwd) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (pipe(in_pipe) || pipe(out_pipe) || pipe(err_pipe)) throw std::runtime_error("pipe failed");

    std::vector<std::string> env_strings = merged_environment(env);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> c_argv;
    for (auto& a : args) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);

    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        dup2(err_pipe[1], 2);
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
        if (cwd && chdir(cwd->c_str()) != 0) _exit(127);
        environ = envp.data();
        execvp(c_argv[0], c_argv.data());
        dprintf(2, "exec %s: %s\n", c_argv[0], strerror(errno));
        _exit(127);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    close(err_pipe[1]);

    // Feed stdin and drain both outputs together so no pipe fills and blocks.
    RunResult result;
    size_t written = 0;
    int in_fd = in_pipe[1];
    if (input.empty()) { close(in_fd); in_fd = -1; }
    else fcntl(in_fd, F_SETFL, O_NONBLOCK);
    signal(SIGPIPE, SIG_IGN);
    bool out_open = true, err_open = true;
    char buf[65536];
    while (out_open || err_open || in_fd >= 0) {
        pollfd fds[3];
        int n = 0;
        int out_i = -1, err_i = -1, in_i = -1;
        if (out_open) { fds[n] = {out_pipe[0], POLLIN, 0}; out_i = n++; }
        if (err_open) { fds[n] = {err_pipe[0], POLLIN, 0}; err_i = n++; }
        if (in_fd >= 0) { fds[n] = {in_fd, POLLOUT, 0}; in_i = n++; }
        if (poll(fds, n, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        auto drain = [&](int idx, int fd, std::string& into, bool& open) {
            if (idx < 0 || !(fds[idx].revents & (POLLIN | POLLHUP | POLLERR))) return;
            ssize_t got = read(fd, buf, sizeof buf);
            if (got > 0) into.append(buf, static_cast<size_t>(got));
            else { open = false; close(fd); }
        };
        drain(out_i, out_pipe[0], result.out, out_open);
        drain(err_i, err_pipe[0], result.err, err_open);
        if (in_i >= 0 && (fds[in_i].revents & (POLLOUT | POLLERR | POLLHUP))) {
            ssize_t put = write(in_fd, input.data() + written, input.size() - written);
            if (put > 0) written += static_cast<size_t>(put);
            if (put < 0 || written == input.size()) { close(in_fd); in_fd = -1; }
        }
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
    return result;
}

RunResult run_orm(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                  const std::string& input, const std::optional<fs::path>& cwd) {
    std::map<std::string, std::string> full = {
        {"ORM_URL", ""}, {"DATABASE_URL", ""}, {"ORM_MODELS", ""}, {"ORM_MIGRATIONS", ""}};
    for (const auto& [k, v] : env) full[k] = v;
    std::vector<std::string> argv = {ORM_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, full, input, cwd);
}

RunResult run_python(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                     const std::string& input) {
    std::vector<std::string> argv = {"/usr/bin/python3"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::map<std::string, std::string> full = {{"PYTHONDONTWRITEBYTECODE", "1"}};
    for (const auto& [k, v] : env) full[k] = v;
    return run_process(argv, full, input);
}

TempDir::TempDir() {
    std::string templ = (fs::temp_directory_path() / "orm-test-XXXXXX").string();
    if (!mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    path_ = templ;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void write_file(const fs::path& path, const std::string& text) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> sql_statements(const std::string& script) {
    std::vector<std::string> statements;
    std::string current;
    std::istringstream lines(script);
    std::string line;
    auto flush = [&] {
        // Fold whitespace runs; drop space just inside parentheses and before commas
        // so that "a, \n\tb" and "a, b" compare equal.
        std::string folded;
        bool space = false;
        for (char c : current) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = true; continue; }
            if (space && !folded.empty() && c != ')' && c != ',' && folded.back() != '(') folded += ' ';
            space = false;
            folded += c;
        }
        if (!folded.empty()) statements.push_back(folded);
        current.clear();
    };
    while (std::getline(lines, line)) {
        auto first = line.find_first_not_of(" \t");
        if (first != std::string::npos && line.compare(first, 2, "--") == 0) continue;
        auto last = line.find_last_not_of(" \t\r");
        if (last != std::string::npos && line[last] == ';') {
            current += line.substr(0, last) + "\n";
            flush();
        } else {
            current += line + "\n";
        }
    }
    flush();
    return statements;
}

fs::path source_dir() { return ORM_SOURCE_DIR; }
fs::path reference_dir() { return fs::weakly_canonical(fs::path(ORM_REFERENCE_DIR)); }

}  // namespace orm_test
