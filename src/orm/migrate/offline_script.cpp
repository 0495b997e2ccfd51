#include "orm/migrate/offline_script.hpp"

namespace orm::migrate {

OfflineScript::OfflineScript(const dialect::Dialect& dialect) : pause_(dialect.foreign_key_pause()) {}

void OfflineScript::comment(const std::vector<std::string>& lines) {
    for (const auto& line : lines) out_ += "-- " + line + "\n";
    out_ += "\n";
}

void OfflineScript::statement(const std::string& sql) { out_ += sql + ";\n\n"; }

void OfflineScript::begin(bool rebuilds_tables) {
    paused_ = rebuilds_tables && pause_;
    if (paused_) {
        comment({"Rebuilding a table drops the old one: foreign keys are not enforced meanwhile",
                 "and are checked before COMMIT."});
        statement(pause_->pause);
    }
    statement("BEGIN");
}

void OfflineScript::commit() {
    if (paused_) {
        comment({"fail (before COMMIT) when a foreign key is left dangling"});
        for (const auto& s : pause_->offline_guard) statement(s);
    }
    statement("COMMIT");
    if (paused_) statement(pause_->resume);
    paused_ = false;
}

}  // namespace orm::migrate
