from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from ops.health import health


@never_cache
def healthz(request):
    """200 when the database answers and a task worker is alive, 503 otherwise, for monitoring;
    `?scope=web` checks the database only, for the load balancer and the web container's health
    check. Says which check failed, nothing more."""
    ok, checks = health(worker=request.GET.get("scope") != "web")
    return JsonResponse(
        {"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503
    )
