# The dashboard as a container (README «Triển khai cho cơ quan», second way). Build and run:
#   docker build -t cchc .
#   docker run -d --name cchc -p 127.0.0.1:8501:8501 -v cchc-data:/data \
#     -v /etc/cchc/secrets.toml:/app/.streamlit/secrets.toml:ro cchc
# Put it behind the same nginx site (deploy/nginx-cchc.conf) for HTTPS. Everything it writes is
# in the one volume /data; the image holds only code.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TZ=Asia/Ho_Chi_Minh \
    HOME=/data \
    CCHC_SNAPSHOTS=/data/snapshots \
    CCHC_AUDIT_LOG=/data/audit.jsonl \
    CCHC_CACHE_DIR=/data/cache \
    CCHC_REMIND_LOG=/data/remind.jsonl

RUN groupadd --system --gid 10001 cchc \
    && useradd --system --uid 10001 --gid cchc --home-dir /data --no-create-home --shell /usr/sbin/nologin cchc \
    && mkdir -p /data /app/.streamlit \
    && chown cchc:cchc /data && chmod 0750 /data

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .

USER cchc
VOLUME ["/data"]
EXPOSE 8501

# Streamlit's own health route; python, since the slim image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# Inside the container it listens on every interface: publish the port on 127.0.0.1 only (above).
CMD ["streamlit", "run", "app.py", "--server.address", "0.0.0.0", "--server.port", "8501", \
     "--server.headless", "true", "--browser.gatherUsageStats", "false"]
