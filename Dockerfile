# Gazette in a container. See docs/OPERATIONS.md ("Docker and Compose").
# The server runs the esbuild bundle of src/ (dist/gazette.mjs, built below); the image also
# holds src/, which the bundle reads files from (assets, locales, demo content) and which the
# CLI's commands run through tsx (bin/gazette.mjs).

# Production dependencies, compiled where they need it (better-sqlite3, argon2 without a
# matching prebuilt binary) with build tools that stay out of the final image.
FROM node:20-slim AS deps
# Marks what this stage leaves behind, so scripts/docker-check/run.sh can remove it.
LABEL gazette.stage=build
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-slim
# The demo's slides and social cards draw their captions as SVG text, which needs a font and
# fontconfig; the slim image has neither, and every letter came out as an empty box.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
# MALLOC_*: glibc's malloc keeps less of what image resizing freed; see docs/OPERATIONS.md ("Memory").
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    GAZETTE_DATA_DIR=/data \
    MALLOC_ARENA_MAX=2 \
    MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY scripts/build.mjs ./scripts/build.mjs
RUN node scripts/build.mjs
# The SQLite database (without DATABASE_URL) and uploaded media live in /data, owned by the
# unprivileged user the server runs as; the application files stay read-only to it.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Node 20 has fetch; no curl in the slim image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--max-semi-space-size=4", "dist/gazette.mjs", "serve"]
