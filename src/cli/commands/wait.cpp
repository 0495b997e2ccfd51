// orm wait [--timeout S] [--format json]
// Waits until the database accepts connections: for CI services and
// containers, where the database starts beside the job and is not ready
// at once (a PostgreSQL service container takes seconds to start, and
// says "the database system is starting up" meanwhile). Tries to connect
// every quarter of a second; exit 0 at the first connection that opens,
// exit 4 (a database error, with the last attempt's message) when the
// timeout passes first. --timeout 0 tries once.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/commands/commands.hpp"
#include "cli/commands/confirm.hpp"
#include "orm/core/error.hpp"

namespace orm::cli {

namespace {

struct WaitOptions {
    double timeout = 30;
    std::string format = "text";
};

int run_wait(Context& context, const WaitOptions& opts) {
    using Clock = std::chrono::steady_clock;
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(opts.timeout));
    auto engine = context.engine();
    context.terminal.info("waiting for " + engine.url().render() + " to accept connections");
    for (int attempt = 1;; ++attempt) {
        std::optional<std::string> failure;
        try {
            auto conn = engine.connect();
            conn.close();
        } catch (const DatabaseError& e) {
            failure = e.what();
        }
        if (!failure) {
            if (opts.format == "json")
                std::cout << nlohmann::json{{"database", context.database_label()}, {"accepting", true}, {"attempts", attempt}}
                                 .dump(2)
                          << std::endl;
            else
                context.terminal.info("the database accepts connections" +
                                      (attempt > 1 ? " (after " + std::to_string(attempt) + " attempts)" : std::string()));
            return 0;
        }
        auto now = Clock::now();
        if (attempt == 1 && now < deadline)
            context.terminal.info("not yet (" + context.scrub(*failure) + "); trying again every 0.25 s for up to " +
                                  fmt::format("{}", opts.timeout) + " s");
        if (now >= deadline)
            throw DatabaseError("the database did not accept connections within " + std::to_string(attempt) +
                                (attempt == 1 ? " attempt" : " attempts") + " (--timeout " +
                                fmt::format("{}", opts.timeout) + "): " + context.scrub(*failure));
        std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(250), deadline - now));
    }
}

}  // namespace

void register_wait(CLI::App& app, Context& context) {
    auto opts = std::make_shared<WaitOptions>();
    auto* cmd = app.add_subcommand(
        "wait", "Wait until the database accepts connections (CI services, containers); exit 4 when the timeout passes");
    cmd->add_option("--timeout", opts->timeout, "seconds to keep trying (0: try once)")
        ->check(CLI::NonNegativeNumber)
        ->default_str("30");
    add_format_option(cmd, opts->format);
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_wait(context, *opts); }); });
}

}  // namespace orm::cli
