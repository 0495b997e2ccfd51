#include "cli/commands/diagram_output.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iostream>

#include "cli/external_program.hpp"
#include "orm/core/error.hpp"
#include "orm/migrate/er_diagram.hpp"

namespace orm::cli {

namespace {

// Runs `dot -T<format>` with `graph` on its stdin and orm's stdout as its own.
void render_with_graphviz(const std::string& graph, const std::string& format) {
    if (!on_path("dot"))
        throw UsageError("--format " + format + " draws the diagram with Graphviz's dot program, which is not installed "
                         "(Debian: apt-get install graphviz); --format dot writes the graph for rendering elsewhere");
    if (format == "png" && isatty(1)) throw UsageError("--format png writes binary data: redirect it to a file");
    std::cout.flush();
    int fds[2];
    if (pipe(fds) != 0) throw UsageError("cannot start Graphviz's dot: pipe failed");
    pid_t pid = fork();
    if (pid < 0) throw UsageError("cannot start Graphviz's dot: fork failed");
    if (pid == 0) {
        dup2(fds[0], 0);
        close(fds[0]);
        close(fds[1]);
        std::string type = "-T" + format;
        execlp("dot", "dot", type.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[0]);
    for (size_t written = 0; written < graph.size();) {
        ssize_t n = write(fds[1], graph.data() + written, graph.size() - written);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;   // dot exited early: its status says why
        written += static_cast<size_t>(n);
    }
    close(fds[1]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw UsageError("Graphviz's dot failed to draw the diagram (exit status " +
                    std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status)) + ")");
}

}  // namespace

bool is_diagram_format(const std::string& format) {
    return std::find(kDiagramFormats.begin(), kDiagramFormats.end(), format) != kDiagramFormats.end();
}

void write_diagram(const schema::MetaData& metadata, const std::string& format) {
    if (auto text_format = migrate::diagram_format(format)) {
        std::cout << migrate::render_diagram(metadata, *text_format) << std::flush;
        return;
    }
    render_with_graphviz(migrate::render_diagram(metadata, migrate::DiagramFormat::dot), format);
}

}  // namespace orm::cli
