// A program run on a pseudo-terminal and driven step by step: for what only
// a terminal shows (progress bars, colours, the pager) and for Ctrl-C at a
// chosen moment. The test waits for text on the screen, never for time.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace orm_test {

struct PtyOptions {
    std::map<std::string, std::string> env;   // merged as run_process() does
    std::optional<std::filesystem::path> cwd;
    // stdin a pipe the test writes with write_stdin(), instead of the terminal.
    bool stdin_pipe = false;
    unsigned short rows = 24, columns = 80;   // the terminal's size
};

class PtyProcess {
public:
    // Starts argv[0] (searched on PATH) as the session leader of a new
    // pseudo-terminal, which is its stdout and stderr (and stdin unless
    // options.stdin_pipe). TERM is xterm unless options.env sets it.
    PtyProcess(const std::vector<std::string>& argv, const PtyOptions& options = {});
    // Kills the program if it still runs.
    ~PtyProcess();
    PtyProcess(const PtyProcess&) = delete;
    PtyProcess& operator=(const PtyProcess&) = delete;

    // Writes `text` to the stdin pipe, reading the screen meanwhile so
    // that neither side blocks the other.
    void write_stdin(const std::string& text);
    // Types `keys` on the terminal ("\x03" is Ctrl-C: the terminal sends
    // SIGINT to the program).
    void type(const std::string& keys);
    // Reads the screen until `text` has appeared on it; false when the
    // program closed the terminal first.
    bool wait_for(const std::string& text);
    // Closes the stdin pipe, reads the screen to its end and waits for the
    // program: exit_code as run_process() gives it, `out` everything the
    // terminal showed (with its \r\n line ends), `err` empty.
    RunResult finish();

private:
    // Reads what the terminal has (blocking when `block`); false at its end.
    bool read_screen(bool block);

    pid_t pid_ = -1;
    int master_ = -1;
    int stdin_ = -1;
    bool screen_open_ = true;
    std::string screen_;
};

}  // namespace orm_test
