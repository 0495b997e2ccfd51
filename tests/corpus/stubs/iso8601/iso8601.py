"""iso8601.iso8601: the UTC zone and parse_date() (ISO 8601 text to an aware datetime)."""
import datetime

UTC = datetime.timezone.utc


def parse_date(text, default_timezone=UTC):
    value = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=default_timezone)
