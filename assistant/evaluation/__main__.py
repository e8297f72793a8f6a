"""Print the evaluation report: `python -m assistant.evaluation [messages.json|holdout.json|path]`."""

import os
import sys
from pathlib import Path

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportdesk.settings")
    django.setup()
    from assistant.evaluation import MESSAGES_PATH, evaluate, load_messages

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else MESSAGES_PATH
    if not path.exists():
        path = MESSAGES_PATH.with_name(str(path))
    print(f"{path.name}:")
    print(evaluate(load_messages(path)).format())


if __name__ == "__main__":
    main()
