from audit.actions import Action
from audit.request import bind, unbind
from audit.services import record


class AuditMiddleware:
    """Makes the request known to audit.record and logs every refusal (403) it answers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = bind(request)
        try:
            response = self.get_response(request)
        finally:
            unbind(token)
        if response.status_code == 403 and not getattr(request, "audit_denial_recorded", False):
            record(Action.DENIED, request=request, details=f"403 {request.method}")
        return response
