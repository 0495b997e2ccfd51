// How the command line talks to people: diagnostics on stderr, colour only
// on a terminal (or when asked for), nothing but errors under --quiet.
//
// Colour: --color always|never decides; under --color auto (the default) a
// non-empty FORCE_COLOR (other than "0") turns it on even in a pipe, else a
// non-empty NO_COLOR or TERM=dumb turns it off, else it is on for a stream
// that is a terminal. Progress displays are for terminals only: never in a
// pipe, with TERM=dumb or under --quiet, whatever the colour settings.
#pragma once

#include <string>

namespace orm::cli {

enum class ColorMode { automatic, always, never };

class Terminal {
public:
    Terminal();

    void set_quiet(bool quiet) { quiet_ = quiet; }
    bool quiet() const { return quiet_; }
    // "auto", "always" or "never" (--color).
    void set_color_mode(const std::string& mode);
    bool stdin_is_tty() const { return stdin_tty_; }
    bool stdout_is_tty() const { return stdout_tty_; }
    // TERM=dumb: a terminal that cannot move its cursor or show colours.
    bool dumb() const { return dumb_; }
    // True when a progress display may be drawn on stderr.
    bool progress_allowed() const { return stderr_tty_ && !dumb_ && !quiet_; }
    bool stderr_color() const { return color_for(stderr_tty_); }
    bool stdout_color() const { return color_for(stdout_tty_); }
    // True when stdout is a regular file (`orm query ... > out.csv`): long
    // output may then show progress on stderr.
    bool stdout_is_file() const { return stdout_file_; }
    // The terminal's width in columns (COLUMNS, else the tty's), 80 when unknown.
    int width() const;
    // The terminal's height in rows (LINES, else the tty's), 24 when unknown.
    int height() const;

    // "error: <message>" on stderr (always printed, even when quiet).
    void error(const std::string& message) const;
    // "warning: <message>" on stderr unless quiet.
    void warning(const std::string& message) const;
    // A progress/summary line on stderr unless quiet.
    void info(const std::string& message) const;
    // Asks a yes/no question on the terminal; false unless the answer starts with y/Y.
    bool confirm(const std::string& question) const;

    // `text` in the SGR colour `sgr` ("1;31") when stdout / stderr takes colour.
    std::string paint_stdout(const std::string& text, const char* sgr) const;
    std::string paint(const std::string& text, const char* sgr) const;

private:
    bool color_for(bool is_tty) const;

    bool quiet_ = false;
    bool stdin_tty_ = false;
    bool stdout_tty_ = false;
    bool stderr_tty_ = false;
    bool stdout_file_ = false;
    bool dumb_ = false;
    bool force_color_ = false;
    bool no_color_ = false;
    ColorMode mode_ = ColorMode::automatic;
};

}  // namespace orm::cli
