# Samverkan: `samverkan serve` (Slack, Teams, webbsidor, /healthz, /metrics) som icke-root.
# Bygg: docker build -t samverkan .   Kör med PostgreSQL: docker compose up   (se docs/operations.md)
#
# Beroendena installeras bara från requirements.lock (exakta versioner med hashar, `make lock`), så två
# byggen av samma commit får samma paket. Koden körs från källträdet (PYTHONPATH), utan byggsteg.

FROM python:3.11-slim-bookworm AS deps
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/samverkan
COPY requirements.lock /tmp/requirements.lock
RUN /opt/samverkan/bin/pip install --require-hashes --no-deps --only-binary=:all: -r /tmp/requirements.lock

FROM python:3.11-slim-bookworm
# pg_dump/pg_restore for `samverkan db backup|restore` against PostgreSQL (client 15 = compose's server 15).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 samverkan \
 && useradd --system --uid 10001 --gid samverkan --home-dir /var/lib/samverkan --create-home \
        --shell /usr/sbin/nologin samverkan \
 && printf '#!/bin/sh\nexec /opt/samverkan/bin/python -m bot "$@"\n' > /usr/local/bin/samverkan \
 && chmod 0755 /usr/local/bin/samverkan
COPY --from=deps /opt/samverkan /opt/samverkan
WORKDIR /app
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
COPY schedules ./schedules
ENV PATH=/opt/samverkan/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SAMVERKAN_DATA_DIR=/var/lib/samverkan \
    SAMVERKAN_HOST=0.0.0.0 \
    SAMVERKAN_PORT=3978 \
    SAMVERKAN_LOG_JSON=true
USER samverkan:samverkan
VOLUME ["/var/lib/samverkan"]
EXPOSE 3978
# 200 only when the process answers and its database does (bot/web/health.py); no curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('SAMVERKAN_PORT', '3978'), timeout=4)"]
ENTRYPOINT ["samverkan"]
CMD ["serve"]
