# Gazette in a container. See docs/OPERATIONS.md ("Docker and Compose").
# TypeScript runs through tsx at start, so the image holds the sources and production
# dependencies; there is no build output.

# Production dependencies, compiled where they need it (better-sqlite3, argon2 without a
# matching prebuilt binary) with build tools that stay out of the final image.
FROM node:20-slim AS deps
WORKDIR /app
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    GAZETTE_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
# The SQLite database (without DATABASE_URL) and uploaded media live in /data, owned by the
# unprivileged user the server runs as; the application files stay read-only to it.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Node 20 has fetch; no curl in the slim image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/gazette.mjs", "serve"]
