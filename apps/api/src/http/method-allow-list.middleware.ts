// 405 Method Not Allowed, with an Allow header, for a method the API does not serve on a path
// it does (from the OpenAPI document), instead of a 404 that reads like a missing path.
// TRACE and CONNECT are refused everywhere (cross-site tracing).
import { HttpStatus } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const NEVER = new Set(['TRACE', 'CONNECT']);
/** Served for every path: CORS preflights and HEAD for GET. */
const ALWAYS = new Set(['OPTIONS', 'HEAD']);

interface DocumentedPath {
  pattern: RegExp;
  methods: string[];
}

export function methodAllowList(paths: Record<string, object>) {
  const documented: DocumentedPath[] = Object.entries(paths).map(([template, operations]) => ({
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}/?$`),
    methods: Object.keys(operations).map((m) => m.toUpperCase()),
  }));
  return (req: Request, res: Response, next: NextFunction): void => {
    if (ALWAYS.has(req.method)) return next();
    const matches = documented.filter((d) => d.pattern.test(req.path));
    const allowed = [...new Set(matches.flatMap((d) => d.methods))];
    if (!NEVER.has(req.method) && (matches.length === 0 || allowed.includes(req.method))) return next();
    res.status(HttpStatus.METHOD_NOT_ALLOWED).setHeader('Allow', allowed.join(', '));
    res.json({ statusCode: 405, error: 'Method Not Allowed', message: `${req.method} is not supported here${allowed.length ? `; use ${allowed.join(', ')}` : ''}` });
  };
}
