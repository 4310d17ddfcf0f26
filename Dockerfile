# The portal's image: the web app (gunicorn, gunicorn.conf.py), the task worker (run_worker) and
# the one-off commands (migrate, backup, restore) all run from it; see docker-compose.yml.
FROM python:3.13-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
# pg_dump and pg_restore for `python manage.py backup` / `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir .
COPY . .
# Hashed, compressed static files for whitenoise; the build needs no real secret or mail server.
RUN SECRET_KEY=build-only ALLOW_CONSOLE_EMAIL=1 python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 --home-dir /app portal \
    && mkdir -p /app/backups /app/media && chown portal /app/backups /app/media
USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi"]
