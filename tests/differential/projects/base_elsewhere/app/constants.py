SCHEMA_PREFIX = "app"
NAME_LENGTH = 0o100          # 64, written as real code sometimes does
SHORT = 1_0                  # 10
STATUSES = ("new", "paid", "shipped")
