# The catalogue's app image: the CLI and the Streamlit UI. docker-compose.yml runs it against Neo4j.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY . /app
# Editable install: the seed and reference YAML stay where the package looks for them (/app/seed).
RUN pip install -e . \
    && useradd --create-home --uid 10001 catalog
USER catalog

EXPOSE 8501
CMD ["catalog", "--help"]
