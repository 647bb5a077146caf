#!/usr/bin/env bash
# Runs the Dockerfile and compose.yaml as docs/OPERATIONS.md ("Docker and Compose") tells an
# operator to: build and start the stack with PostgreSQL and Redis, wait for /readyz, read the
# demo article, check the slides' font is there, take a backup with `export`, restore it into a
# new database, and serve the article from the restored one. Leaves nothing running.
#
#   sudo bash scripts/docker-check/run.sh        (needs a Docker daemon and docker compose)
#
# GAZETTE_HOST_PORT and GAZETTE_DEMO_BLOG_HOST_PORT choose the host's ports (3000 and 3001 by
# default; test/docker.test.ts picks free ones).
#
# Where Docker Hub cannot be reached (Gazette's own development machine), it first builds local
# stand-ins for node:20-slim, postgres:16 and redis:7 from Debian bookworm (debootstrap; Debian's
# PostgreSQL 15 and Redis 7.0), honouring the same environment variables as the official images.
# It says which it used. (Each grep reads all its input: with pipefail, `grep -q` would end curl early
# and fail the pipe.)
set -euo pipefail
cd "$(dirname "$0")/../.."
HERE=scripts/docker-check
PROJECT=gazette-docker-check
COMPOSE=(docker compose)
docker compose version >/dev/null 2>&1 || COMPOSE=(docker-compose)
export DOCKER_BUILDKIT=0 COMPOSE_DOCKER_CLI_BUILD=0 COMPOSE_PROJECT_NAME=$PROJECT

stand_ins() {
  local work rootfs
  work=$(mktemp -d)
  rootfs=$work/rootfs
  debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian >/dev/null
  mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include" "$rootfs/etc/ssl/certs"
  # The node image: this machine's own Node 20, npm and headers (node-gyp would fetch them).
  cp "$(command -v node)" "$rootfs/usr/local/bin/node"
  cp -a "$(npm root -g)/npm" "$rootfs/usr/local/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
  cp -a "$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")/include/node" "$rootfs/usr/local/include/node"
  # The machine's certificate authorities, for a registry reached through an inspecting proxy.
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  chroot "$rootfs" sh -c 'groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home node'
  tar -C "$rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    -c 'ENV npm_config_nodedir=/usr/local' -c 'CMD ["node"]' - node:20-slim >/dev/null
  docker tag node:20-slim gazette-stand-in/debian:bookworm
  cp $HERE/postgres-entrypoint.sh $HERE/redis-entrypoint.sh "$work/"
  printf '%s\n' 'FROM gazette-stand-in/debian:bookworm' \
    'RUN apt-get update && apt-get install -y --no-install-recommends postgresql-15 && rm -rf /var/lib/apt/lists/*' \
    'ENV PATH=/usr/lib/postgresql/15/bin:$PATH PGDATA=/var/lib/postgresql/data' \
    'COPY postgres-entrypoint.sh /entrypoint.sh' \
    'RUN chmod +x /entrypoint.sh && mkdir -p $PGDATA /var/run/postgresql && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql' \
    'ENTRYPOINT ["/entrypoint.sh"]' >"$work/Dockerfile.postgres"
  printf '%s\n' 'FROM gazette-stand-in/debian:bookworm' \
    'RUN apt-get update && apt-get install -y --no-install-recommends redis-server redis-tools && rm -rf /var/lib/apt/lists/*' \
    'COPY redis-entrypoint.sh /entrypoint.sh' \
    'RUN chmod +x /entrypoint.sh' 'ENTRYPOINT ["/entrypoint.sh"]' 'CMD ["redis-server"]' >"$work/Dockerfile.redis"
  docker build -q -t postgres:16 -f "$work/Dockerfile.postgres" "$work" >/dev/null
  docker build -q -t redis:7 -f "$work/Dockerfile.redis" "$work" >/dev/null
  rm -rf "$work"
}

if timeout 60 docker pull -q node:20-slim >/dev/null 2>&1 && docker pull -q postgres:16 >/dev/null && docker pull -q redis:7 >/dev/null; then
  echo "images: the official node:20-slim, postgres:16 and redis:7"
elif docker image inspect node:20-slim postgres:16 redis:7 >/dev/null 2>&1; then
  echo "images: no registry; node:20-slim, postgres:16 and redis:7 as already present (stand-ins if this script made them)"
else
  echo "images: no registry; building stand-ins from Debian bookworm"
  stand_ins
fi

# The image built for the check goes with it; the base images stay for the next run.
cleanup() {
  "${COMPOSE[@]}" down -v --rmi local >/dev/null 2>&1 || true
  docker image prune -f --filter label=gazette.stage=build >/dev/null 2>&1 || true
  rm -f "${BACKUP:-}"
}
trap cleanup EXIT
BACKUP=$(mktemp)
export GAZETTE_HOST_PORT=${GAZETTE_HOST_PORT:-3000}
export GAZETTE_PUBLIC_URL=http://localhost:$GAZETTE_HOST_PORT
url=$GAZETTE_PUBLIC_URL
wait_ready() {
  for _ in $(seq 1 180); do curl -sf $url/readyz >/dev/null && return 0; sleep 1; done
  "${COMPOSE[@]}" logs gazette | tail -20
  echo "FAILED: /readyz never answered"
  return 1
}
seed=$url/articles/sony-mobile-to-defocus-on-india-and-usa

"${COMPOSE[@]}" up -d --build >/dev/null
wait_ready
curl -s $url/readyz | grep >/dev/null '"database":"ok","redis":"ok"' || { echo "FAILED: /readyz does not see PostgreSQL and Redis"; exit 1; }
curl -sf "$seed" | grep >/dev/null 'Sony Mobile' || { echo "FAILED: the demo article"; exit 1; }
"${COMPOSE[@]}" exec -T gazette fc-list | grep >/dev/null 'DejaVu Sans' || { echo "FAILED: no font for the slides' captions"; exit 1; }
[ "$(docker inspect -f '{{.Config.User}}' "$("${COMPOSE[@]}" ps -q gazette)")" = node ] || { echo "FAILED: not running as node"; exit 1; }
echo "stack: up, ready with PostgreSQL and Redis, demo article served, font present, runs as node"

"${COMPOSE[@]}" exec -T gazette node bin/gazette.mjs export --gzip - >"$BACKUP"
"${COMPOSE[@]}" stop gazette >/dev/null
"${COMPOSE[@]}" exec -T postgres createdb -U gazette gazette_restored
"${COMPOSE[@]}" run --rm -T -e DATABASE_URL=postgres://gazette:gazette@postgres:5432/gazette_restored gazette \
  node bin/gazette.mjs restore - <"$BACKUP"
"${COMPOSE[@]}" exec -T postgres psql -q -U gazette -d postgres \
  -c 'ALTER DATABASE gazette RENAME TO gazette_before_restore' -c 'ALTER DATABASE gazette_restored RENAME TO gazette'
GAZETTE_DEMO=off "${COMPOSE[@]}" start gazette >/dev/null
wait_ready
curl -sf "$seed" | grep >/dev/null 'Sony Mobile' || { echo "FAILED: the article after restoring"; exit 1; }
echo "backup: exported, restored into a new database as docs/OPERATIONS.md says, article served from it"

"${COMPOSE[@]}" stop gazette >/dev/null
code=$(docker inspect -f '{{.State.ExitCode}}' "$("${COMPOSE[@]}" ps -q gazette)")
[ "$code" = 0 ] || { echo "FAILED: gazette exited with $code on SIGTERM"; exit 1; }
echo "stop: SIGTERM, exit code 0"
echo "docker check passed"
