# One image for web, worker and beat; docker-compose.yml chooses the command.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
COPY curation ./curation
COPY exhibitions ./exhibitions
RUN pip install --no-cache-dir -c requirements.lock .
COPY . .
RUN DJANGO_SECRET_KEY=build python manage.py collectstatic --noinput \
    && useradd --create-home curation && chown -R curation /app
USER curation
EXPOSE 8000
CMD ["gunicorn", "curation.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
