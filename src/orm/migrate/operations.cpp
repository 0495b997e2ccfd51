#include "orm/migrate/operations.hpp"

#include "orm/core/overloaded.hpp"

namespace orm::migrate {

namespace {
}  // namespace

std::string op_name(const MigrationOp& op) {
    return std::visit(
        overloaded{
            [](const CreateTableOp&) { return "create_table"; },
            [](const DropTableOp&) { return "drop_table"; },
            [](const RenameTableOp&) { return "rename_table"; },
            [](const CreateTableCommentOp& o) { return o.comment ? "create_table_comment" : "drop_table_comment"; },
            [](const AddColumnOp&) { return "add_column"; },
            [](const DropColumnOp&) { return "drop_column"; },
            [](const AlterColumnOp&) { return "alter_column"; },
            [](const CreateIndexOp&) { return "create_index"; },
            [](const DropIndexOp&) { return "drop_index"; },
            [](const CreateForeignKeyOp&) { return "create_foreign_key"; },
            [](const CreateUniqueConstraintOp&) { return "create_unique_constraint"; },
            [](const CreateCheckConstraintOp&) { return "create_check_constraint"; },
            [](const CreatePrimaryKeyOp&) { return "create_primary_key"; },
            [](const DropConstraintOp&) { return "drop_constraint"; },
            [](const CreateEnumOp&) { return "create_enum"; },
            [](const DropEnumOp&) { return "drop_enum"; },
            [](const AddEnumValueOp&) { return "add_enum_value"; },
            [](const ExecuteOp&) { return "execute"; },
            [](const BulkInsertOp&) { return "bulk_insert"; },
            [](const BatchAlterTableOp&) { return "batch_alter_table"; },
        },
        op.as_variant());
}

}  // namespace orm::migrate
