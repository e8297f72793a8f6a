"""Database ids from request input (URL parts, query strings, posted checkboxes)."""

# A bigint has at most 19 digits; 18 keeps every accepted value inside it.
MAX_ID_DIGITS = 18


def parse_id(value) -> int | None:
    """The id ``value`` spells in ASCII digits, else None: "²".isdigit() is true but int("²")
    fails, and a number beyond a bigint makes the database refuse the query."""
    text = str(value)
    if text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS:
        return int(text)
    return None
