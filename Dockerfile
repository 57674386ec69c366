# One image for the API, the worker and the operator tools, all run from the release
# build with plain `node`; docker-compose.yml picks the command (API by default).
# test/unit/release-build.test.ts checks this file.

# The release build (`npm run build`, scripts/build.js), with the development toolchain:
# the Prisma client generated offline, the field app (Vite), the code compiled to
# dist/, and the workflow bundle built once, here, for every worker of this image.
FROM node:20-bookworm-slim AS build
WORKDIR /build
# --ignore-scripts: no install script may download anything (Prisma's engines);
# the build needs none of them (package.json's allowScripts are for development).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The commit the worker's build ID names (git is not in the build context):
#   docker-compose build --build-arg BUILD_COMMIT=$(git rev-parse HEAD)
ARG BUILD_COMMIT=
RUN BUILD_COMMIT=$BUILD_COMMIT npm run build

FROM node:20-bookworm-slim
WORKDIR /app
# Production dependencies only: no TypeScript runner, no bundler at start.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /build/dist ./dist

# The code stays root-owned and read-only to the process.
USER node
EXPOSE 3000
# node itself, not `npm run`: npm runs scripts through `sh -c`, which does not pass
# SIGTERM on, so `docker stop` would kill the worker instead of draining it.
CMD ["node", "dist/src/main/api.js"]
