// orm seed FILE... [--on-conflict error|skip|update] [--dry-run] [--format text|json]
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include <unistd.h>

#include "cli/commands/commands.hpp"
#include "cli/progress.hpp"
#include "orm/core/error.hpp"
#include "orm/seed/seeder.hpp"
#include "orm/session/mapper.hpp"

namespace orm::cli {

namespace {

struct SeedOptions {
    std::vector<std::string> files;
    std::string on_conflict = "error";
    bool dry_run = false;
    std::string format = "text";
    bool verbose = false;
};

int run_seed(Context& context, const SeedOptions& opts) {
    // Files are read by the seeder as it goes: NDJSON (and stdin that is
    // NDJSON) a line at a time, so memory stays bounded however long the input.
    std::vector<seed::SeedInput> inputs;
    for (const auto& f : opts.files) {
        if (f != "-" && access(f.c_str(), R_OK) != 0) throw UsageError("cannot read '" + f + "'");
        seed::SeedInput in;
        in.path = f;
        inputs.push_back(std::move(in));
    }
    const auto& models = context.mapped_models("seed");
    session::Registry registry(models.metadata, models.mappers, models.source);
    registry.configure();   // a broken relationship is reported before any data is read

    seed::SeedOptions options;
    options.on_conflict = opts.on_conflict == "skip"     ? seed::OnConflict::skip
                          : opts.on_conflict == "update" ? seed::OnConflict::update
                                                         : seed::OnConflict::error;
    options.dry_run = opts.dry_run;
    options.strict = context.options.strict;
    options.warn = [&context](const std::string& w) { context.terminal.warning(w); };
    // A bar measured against the files' size on a terminal only (never in
    // pipes or CI logs); a spinner when the input is stdin or a pipe.
    std::optional<size_t> total = 0;
    for (const auto& in : inputs) {
        std::error_code error;
        bool regular = in.path != "-" && std::filesystem::is_regular_file(in.path, error);
        if (!regular) total.reset();
        else if (total) *total += std::filesystem::file_size(in.path, error);
    }
    ProgressBar bar(context.terminal, "seeding", "records", total);
    if (bar.enabled()) options.progress = [&bar](const seed::SeedProgress& p) {
        if (p.done) bar.finish();
        else bar.update(p.records, p.bytes_read);
    };
    engine::EchoSink notes;
    if (opts.verbose) notes = [&context](const std::string& note) { context.terminal.info(note); };
    auto summary = seed::seed(context.engine(false, notes), registry, inputs, options);
    bar.finish();
    if (opts.format == "json") {
        auto doc = summary.to_json();
        doc["database"] = context.database_label();
        std::cout << doc.dump(2) << std::endl;
    }
    else std::cout << summary.to_text() << std::flush;
    return 0;
}

}  // namespace

void register_seed(CLI::App& app, Context& context) {
    auto opts = std::make_shared<SeedOptions>();
    auto* cmd = app.add_subcommand("seed", "Load JSON / NDJSON records through the session, in one transaction");
    cmd->add_option("files", opts->files, "seed files (.json, or .ndjson / .jsonl with one record per line; - for stdin)")
        ->required();
    cmd->add_option("--on-conflict", opts->on_conflict,
                    "what to do with a record matching an existing row on its primary key or a unique constraint")
        ->check(CLI::IsMember({"error", "skip", "update"}))
        ->default_str("error");
    cmd->add_flag("--dry-run", opts->dry_run, "do everything, then roll back");
    cmd->add_flag("--verbose,-v", opts->verbose,
                  "say how the load is done where it differs from the fastest way (foreign keys checked row by row)");
    cmd->add_option("--format", opts->format, "summary format")->check(CLI::IsMember({"text", "json"}))->default_str("text");
    cmd->callback([&context, opts] { context.set_action([&context, opts] { return run_seed(context, *opts); }); });
}

}  // namespace orm::cli
