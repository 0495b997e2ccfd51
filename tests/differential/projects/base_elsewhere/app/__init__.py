"""A package laid out as real projects are: the declarative base, constants,
enums, types and mixins in their own modules, models in a subpackage that
re-exports them (construct classes of issue 13: imports, helpers, control flow)."""
