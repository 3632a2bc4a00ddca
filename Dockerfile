# Build: docker build -t ballerina-bot .
# Run:   docker run -d --name ballerina-bot --env-file .env -v ballerina-data:/app/state \
#          -e DATABASE_URL=sqlite:////app/state/ballerina.sqlite3 --restart unless-stopped ballerina-bot
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
RUN useradd --create-home --uid 10001 ballerina && mkdir -p /app/state && chown ballerina /app/state

COPY pyproject.toml README.md ./
COPY bot ./bot
COPY cogs ./cogs
COPY data ./data
RUN pip install --no-cache-dir .

USER ballerina
ENV DATABASE_URL=sqlite:////app/state/ballerina.sqlite3
VOLUME ["/app/state"]
# `docker stop` sends SIGTERM: the bot closes the gateway and the database cleanly.
STOPSIGNAL SIGTERM
CMD ["ballerina-bot", "run"]
