# local/postgres:15, the local stand-in for the postgres:15 image: Debian's PostgreSQL 15 with an
# entry point that honours the same variables (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB,
# PGDATA), the same data directory, and `postgres -c ...` commands. Testcontainers'
# PostgreSQLContainer waits for "ready to accept connections" twice, as the official image logs it:
# once from the initialising server, once from the real one.
ARG DEBIAN_BASE=local/debian:bookworm
FROM ${DEBIAN_BASE}
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-15 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
 && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \
 && chmod 700 /var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    PGDATA=/var/lib/postgresql/data
USER postgres
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
