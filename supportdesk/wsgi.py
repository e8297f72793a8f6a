import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportdesk.settings")
django.setup(set_prefix=False)

from supportdesk.request_guard import GuardedWSGIHandler  # noqa: E402  (needs the settings above)

# Django's own handler with a request class that cannot be made to crash by a Content-Type
# charset (supportdesk.request_guard).
application = GuardedWSGIHandler()
