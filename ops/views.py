from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from ops.health import health


@never_cache
def healthz(request):
    """200 when the database answers and a task worker is alive, 503 otherwise; for the load
    balancer and the container's health check. Says which check failed, nothing more."""
    ok, checks = health()
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503
    )
