"""Project-level endpoints that belong to no app."""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers and `docker compose`: answers without touching the database."""
    return JsonResponse({"status": "ok"})
