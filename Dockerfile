# One image for the API and the worker; docker-compose.yml picks the command
# (API by default, worker, and the one-shot migrate and search-attribute jobs).
# The field app (app/) is built with the development toolchain (Vite) in a stage
# of its own; only its output (app/dist, static files) reaches the image.
FROM node:20-bookworm-slim AS field-app
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY app ./app
RUN node node_modules/vite/bin/vite.js build --config app/vite.config.mts

FROM node:20-bookworm-slim

WORKDIR /app

# Dependencies first, so that a source change does not reinstall them.
# --ignore-scripts: no install script may download anything (Prisma's engines);
# the services need none of them (package.json's allowScripts are for development).
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force

COPY . .
COPY --from=field-app /build/app/dist ./app/dist
# Offline, exactly as scripts/setup.js: `generate` never runs the schema engine,
# and /bin/false satisfies the CLI's check for one without a download.
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/false npx prisma generate

# tsx itself, not `npx tsx`: npm runs it through `sh -c`, which does not pass
# SIGTERM on, so `docker stop` would kill the worker instead of draining it.
ENV PATH=/app/node_modules/.bin:$PATH

# The code stays root-owned and read-only to the process.
USER node
EXPOSE 3000
CMD ["tsx", "src/main/api.ts"]
