"""The agent workspace in the Django admin.

- ``tickets``: the queue (filters, ready views, search, bulk actions) and the ticket page
  (conversation, reply box with canned responses, actions, customer panel);
- ``config``: teams, types, calendars, SLA policies, rules, canned responses, tags: only admins edit;
- ``notifications``: an agent's notifications.

Every change to a ticket goes through ``tickets.services``, so it leaves an event and notifications.
"""

from . import config, notifications, tickets  # noqa: F401  (importing registers the ModelAdmins)
