import { Router } from 'express';

/** Liveness and readiness (schema loaded and event source connected); no internal detail. Metrics: startMetricsServer. */
export function healthRoutes(isReady: () => boolean): Router {
  const router = Router();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/ready', (_req, res) => {
    const ready = isReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'starting' });
  });
  return router;
}
