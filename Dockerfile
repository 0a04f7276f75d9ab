# Paru in production: one process serves the LINE webhook, the simulator and the admin.
# Build: docker build -t paru .
# Run:   docker run -p 8000:8000 --env-file paru.env -v paru-data:/home/paru/data paru
# With PostgreSQL: docker compose up -d (compose.yaml; copy paru.env.example to paru.env first).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 paru
WORKDIR /app

# Paru and its dependencies; the seed catalogue, migrations and the simulator's page are package data.
COPY pyproject.toml README.md ./
COPY paru ./paru
COPY bot ./bot
COPY catalogue ./catalogue
COPY admin ./admin
COPY core ./core
RUN pip install .

USER paru
# The embedded SQLite database and the generated secret key live here; keep it on a volume (or use PostgreSQL).
ENV PARU_DATA_DIR=/home/paru/data
RUN mkdir -p -m 0700 /home/paru/data
VOLUME ["/home/paru/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"
# Exec form: paru (uvicorn) is PID 1, so `docker stop` sends its SIGTERM straight to it and replies in flight finish.
CMD ["paru", "serve", "--host", "0.0.0.0", "--port", "8000"]
