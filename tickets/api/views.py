from rest_framework.views import APIView


class TicketListCreateApi(APIView):
    pass


TicketDetailApi = TicketMessageCreateApi = TicketScreenshotCreateApi = TicketTypeListApi = ScreenshotFileApi = (
    TicketListCreateApi
)
