# syntax=docker/dockerfile:1
# The production image: gunicorn serves the web app by default; docker-compose.yml runs the
# Celery worker and beat from the same image with another command.

# --- build: dependencies, compiled translations, collected static files ------------------------
FROM python:3.11-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH

# gettext's msgfmt compiles the translations; it stays in this stage, out of the final image.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
WORKDIR /app
# Runtime requirements only (no test tools); this layer is cached until requirements change.
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Settings refuse to load with DEBUG off and no secret key, and DEBUG must be off for the
# manifest static storage, so these two commands get a throw-away key on their command line.
# It is not an ENV: it is not in the final image and nothing uses it at run time.
RUN mkdir -p locale \
    && DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-time-only-not-used-at-run-time STATIC_ROOT=/app/staticfiles \
       python manage.py compilemessages -v0 \
    && DJANGO_DEBUG=false DJANGO_SECRET_KEY=build-time-only-not-used-at-run-time STATIC_ROOT=/app/staticfiles \
       python manage.py collectstatic --noinput -v0 \
    && rm -rf var

# --- runtime ------------------------------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_DEBUG=false \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/var/lib/supportdesk/media \
    PORT=8000

COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app

# The code stays owned by root and read-only to the app; it writes only to var/ (settings
# create it), the uploads and the beat schedule, which compose mounts as named volumes.
RUN groupadd --system --gid 10001 supportdesk \
    && useradd --system --uid 10001 --gid supportdesk --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin supportdesk \
    && install -d -o supportdesk -g supportdesk -m 0750 \
       /app/var /var/lib/supportdesk/media /var/lib/supportdesk/beat

WORKDIR /app
USER supportdesk:supportdesk
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "docker/healthcheck.py"]

CMD ["gunicorn", "--config", "docker/gunicorn.conf.py", "supportdesk.wsgi"]
