# OneMap server image: Node 20 on Debian, the web client built in, TypeScript run with tsx.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web
ENV HOST=0.0.0.0 PORT=3000 ONEMAP_DATA_DIR=/data
VOLUME /data
EXPOSE 3000
# The same Node flags as `npm run serve` (package.json; docs/operations.md says why); a test keeps them equal.
CMD ["node", "--max-semi-space-size=32", "--single-threaded-gc", "--import", "tsx", "server/server.ts"]
