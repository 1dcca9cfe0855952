// Counts every HTTP request once answered, by method, route pattern (`/logs/:log_id`, never
// the path with its ids) and status. Requests no route matched count as `unmatched`.
import type { NextFunction, Request, Response } from 'express';
import { httpRequests, httpRequestSeconds } from './metrics';

export function httpMetrics(req: Request, res: Response, next: NextFunction): void {
  const started = process.hrtime.bigint();
  res.once('finish', () => {
    const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
    const method = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'].includes(req.method) ? req.method : 'OTHER';
    httpRequests.inc({ method, route, status: String(res.statusCode) });
    httpRequestSeconds.observe({ method, route }, Number(process.hrtime.bigint() - started) / 1e9);
  });
  next();
}
