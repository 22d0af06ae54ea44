#!/usr/bin/env node
// The image's HEALTHCHECK: exits 0 when the URL answers 2xx within 2 s, else 1. The URL is the first
// argument, else HEALTHCHECK_URL, else the launcher's /health (the image's default CMD, scripts/start.js).
// Each process sets its own: a subgraph's /health, the relay's /health, the gateway's /ready.
const url = process.argv[2] || process.env.HEALTHCHECK_URL || `http://127.0.0.1:${process.env.LAUNCHER_PORT || 4011}/health`;

fetch(url, { signal: AbortSignal.timeout(2000) }).then(
  (response) => process.exit(response.ok ? 0 : 1),
  () => process.exit(1),
);
