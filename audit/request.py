"""The request being served, for log entries written deep inside a service, and its client."""

from contextvars import ContextVar
from ipaddress import ip_address

from django.conf import settings

_current = ContextVar("audit_request", default=None)


def bind(request):
    return _current.set(request)


def unbind(token):
    _current.reset(token)


def current_request():
    return _current.get()


def _valid(address):
    try:
        return str(ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's address. Behind TRUSTED_PROXY_COUNT proxies it is the address the outermost
    of them appended to X-Forwarded-For; anything a client wrote further left is not believed."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a]
        if len(forwarded) >= proxies:
            found = _valid(forwarded[-proxies])
            if found:
                return found
    return _valid(request.META.get("REMOTE_ADDR", ""))
