#include "orm/migrate/script_reader.hpp"

#include "orm/core/error.hpp"
#include "orm/migrate/script_runtime.hpp"

namespace orm::migrate {

Revision read_revision(std::shared_ptr<const SourceFile> source) {
    auto runtime = std::make_shared<ScriptRuntime>(ScriptOptions{});
    Revision rev = runtime->load(std::move(source), runtime);
    rev.upgrade_ops = record_operations(rev, true);
    std::set<std::string> names = runtime->f_names();
    rev.downgrade_ops = record_operations(rev, false);
    names.insert(runtime->f_names().begin(), runtime->f_names().end());
    rev.f_names = names;
    return rev;
}

Revision read_revision_file(const std::string& path) { return read_revision(SourceFile::load(path)); }

}  // namespace orm::migrate
