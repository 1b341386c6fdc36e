# One image for web, the workers, beat and migrate; docker-compose.yml chooses the command. .dockerignore keeps the
# checkout's .git, .venv, var/ (local originals, databases), .env and tests out of the build context.
FROM python:3.11-slim-trixie
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, in a layer of their own, so that a code change does not reinstall them.
COPY pyproject.toml requirements.lock README.md ./
COPY curation ./curation
COPY exhibitions ./exhibitions
RUN pip install -c requirements.lock .
COPY . .
# The code stays root's, read-only to the app; only var/ is the app user's, and var/beat is where beat's schedule
# volume is mounted (a new named volume takes the ownership of the folder it is mounted over).
RUN DJANGO_SECRET_KEY=build python manage.py collectstatic --noinput \
    && useradd --create-home --uid 10001 curation \
    && mkdir -p /app/var/beat \
    && chown -R curation /app/var
USER curation
EXPOSE 8000
# The same server as compose's web service (its comment says why gthread and 180 s).
CMD ["gunicorn", "curation.wsgi", "--bind=0.0.0.0:8000", "--worker-class=gthread", "--workers=3", "--threads=4", \
     "--timeout=180", "--graceful-timeout=30", "--max-requests=1000", "--max-requests-jitter=100", \
     "--worker-tmp-dir=/dev/shm"]
