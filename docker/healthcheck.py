"""Container health check: exit 0 when gunicorn answers ``GET /healthz/`` with 200.

Used by the image's HEALTHCHECK and by docker-compose.yml. The request names a host Django
allows (the first of DJANGO_ALLOWED_HOSTS) and says it came over HTTPS, as the TLS proxy in
front would, so neither ALLOWED_HOSTS (400) nor SECURE_SSL_REDIRECT (301) gets in the way.
"""

import http.client
import os
import sys


def allowed_host(value: str) -> str:
    for host in (part.strip() for part in value.split(",")):
        if host and host != "*":
            return host.lstrip(".")  # ".example.com" allows example.com itself
    return "localhost"


def check(port: int, host: str, timeout: float = 4.0) -> tuple[bool, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", "/healthz/", headers={"Host": host, "X-Forwarded-Proto": "https"})
        response = conn.getresponse()
        response.read()
    except OSError as exc:
        return False, f"no answer on port {port}: {exc}"
    finally:
        conn.close()
    return response.status == 200, f"/healthz/ answered {response.status}"


def main() -> int:
    ok, message = check(int(os.environ.get("PORT", "8000")), allowed_host(os.environ.get("DJANGO_ALLOWED_HOSTS", "")))
    print(message)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
