"""The ticket REST API: each view parses input, calls one service or selector, shapes output.

Permission decisions are the selectors' (``ticket_get_for_user``, ``tickets_visible_to``,
``screenshot_get_for_user``): someone else's ticket is a 404, never a 403.
"""

from .catalogue import TicketTypeListApi
from .conversation import TicketFeedbackApi, TicketMessageCreateApi, TicketScreenshotCreateApi
from .emergency import EmergencyFreezeApi
from .files import ScreenshotFileApi
from .tickets import TicketDetailApi, TicketListCreateApi

__all__ = [
    "EmergencyFreezeApi",
    "ScreenshotFileApi",
    "TicketDetailApi",
    "TicketFeedbackApi",
    "TicketListCreateApi",
    "TicketMessageCreateApi",
    "TicketScreenshotCreateApi",
    "TicketTypeListApi",
]
