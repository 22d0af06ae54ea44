import { Router } from 'express';
import type { Registry } from 'prom-client';

/** Liveness, readiness (schema loaded and event source connected) and Prometheus metrics. */
export function healthRoutes(isReady: () => boolean, registry: Registry): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', (_req, res) => {
    const ready = isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'starting' });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  return router;
}
