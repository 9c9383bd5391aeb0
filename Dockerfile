# samachar worker/producer image: `docker build -t samachar .`
# Everything the pipeline needs (Python deps, the English spaCy model package, the Hindi NER model shipped
# in services/nlp/data) is installed at build time; nothing is downloaded when a container starts.
# Every Python distribution is pinned by constraints.txt (the same file CI installs with; `make lock` refreshes it).

# ---- build: compile wheels (PyICU needs a compiler and ICU headers) ------------------------------------
FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential pkg-config libicu-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md constraints.txt ./
COPY services ./services
RUN pip wheel --wheel-dir /wheels -c constraints.txt . \
 && cp constraints.txt /wheels/

# ---- runtime ----------------------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 \
    PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 \
    HF_HUB_OFFLINE=1 \
    SAMACHAR_WEB_HOST=0.0.0.0 \
    SAMACHAR_WEB_PORT=6066 \
    SAMACHAR_DATA_DIR=/var/lib/samachar/data
RUN apt-get update \
 && apt-get install -y --no-install-recommends libicu72 \
 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=bind,from=build,source=/wheels,target=/wheels \
    pip install --no-index --find-links=/wheels -c /wheels/constraints.txt samachar \
 && samachar --help >/dev/null
RUN groupadd --system --gid 10001 samachar \
 && useradd --system --uid 10001 --gid samachar --home-dir /var/lib/samachar --create-home --shell /usr/sbin/nologin samachar
USER 10001:10001
WORKDIR /var/lib/samachar
EXPOSE 6066
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('SAMACHAR_WEB_PORT', '6066'), timeout=4)"]
CMD ["samachar", "worker"]
