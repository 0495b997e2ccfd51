#include "support/pty.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

extern char** environ;

namespace orm_test {

PtyProcess::PtyProcess(const std::vector<std::string>& argv, const PtyOptions& options) {
    auto env = options.env;
    env.emplace("TERM", "xterm");
    std::vector<std::string> env_strings = merged_environment(env);
    std::vector<char*> envp;
    for (auto& s : env_strings) envp.push_back(s.data());
    envp.push_back(nullptr);
    std::vector<std::string> args = argv;
    std::vector<char*> c_argv;
    for (auto& a : args) c_argv.push_back(a.data());
    c_argv.push_back(nullptr);

    int slave = -1;
    winsize size{};
    size.ws_row = options.rows;
    size.ws_col = options.columns;
    if (openpty(&master_, &slave, nullptr, nullptr, &size) != 0) throw std::runtime_error("openpty failed");
    int in_pipe[2] = {-1, -1};
    if (options.stdin_pipe && pipe(in_pipe) != 0) throw std::runtime_error("pipe failed");
    pid_ = fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        setsid();   // a session of its own, whose controlling terminal is the pty: Ctrl-C reaches it
        ioctl(slave, TIOCSCTTY, 0);
        dup2(options.stdin_pipe ? in_pipe[0] : slave, 0);
        dup2(slave, 1);
        dup2(slave, 2);
        for (int fd : {slave, master_, in_pipe[0], in_pipe[1]})
            if (fd > 2) close(fd);
        if (options.cwd && chdir(options.cwd->c_str()) != 0) _exit(127);
        environ = envp.data();
        signal(SIGINT, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        execvp(c_argv[0], c_argv.data());
        dprintf(2, "exec %s: %s\n", c_argv[0], strerror(errno));
        _exit(127);
    }
    close(slave);
    if (options.stdin_pipe) {
        close(in_pipe[0]);
        stdin_ = in_pipe[1];
    }
    signal(SIGPIPE, SIG_IGN);
}

PtyProcess::~PtyProcess() {
    if (pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (stdin_ >= 0) close(stdin_);
    if (master_ >= 0) close(master_);
}

bool PtyProcess::read_screen(bool block) {
    if (!screen_open_) return false;
    pollfd fd{master_, POLLIN, 0};
    int ready = poll(&fd, 1, block ? -1 : 0);
    if (ready < 0) return errno == EINTR;
    if (ready == 0) return true;
    char buf[4096];
    ssize_t got = read(master_, buf, sizeof buf);
    if (got > 0) {
        screen_.append(buf, static_cast<size_t>(got));
        return true;
    }
    if (got < 0 && errno == EINTR) return true;
    screen_open_ = false;   // EIO: every program holding the terminal has closed it
    return false;
}

void PtyProcess::write_stdin(const std::string& text) {
    size_t written = 0;
    while (written < text.size()) {
        pollfd fds[2] = {{stdin_, POLLOUT, 0}, {master_, POLLIN, 0}};
        if (poll(fds, screen_open_ ? 2 : 1, -1) < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("poll failed");
        }
        if (screen_open_ && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) read_screen(false);
        if (fds[0].revents & POLLOUT) {
            ssize_t put = write(stdin_, text.data() + written, text.size() - written);
            if (put < 0 && errno != EINTR && errno != EAGAIN) throw std::runtime_error("the program closed its stdin");
            if (put > 0) written += static_cast<size_t>(put);
        } else if (fds[0].revents & (POLLERR | POLLHUP)) {
            throw std::runtime_error("the program closed its stdin");
        }
    }
}

void PtyProcess::type(const std::string& keys) {
    if (write(master_, keys.data(), keys.size()) != static_cast<ssize_t>(keys.size()))
        throw std::runtime_error("cannot type on the terminal");
}

bool PtyProcess::wait_for(const std::string& text) {
    while (screen_.find(text) == std::string::npos)
        if (!read_screen(true)) return screen_.find(text) != std::string::npos;
    return true;
}

RunResult PtyProcess::finish() {
    if (stdin_ >= 0) {
        close(stdin_);
        stdin_ = -1;
    }
    while (read_screen(true)) {
    }
    RunResult result;
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
    result.out = screen_;
    return result;
}

}  // namespace orm_test
