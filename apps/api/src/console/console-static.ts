/**
 * Serves the web console (apps/console, built by `npm run build` into dist/console) at `/`: hashed files under
 * /assets/ cached for a year, index.html never cached, and index.html for any other GET path so the console's own
 * routes (/inbox, /cases/:id, …) survive a reload. The API's paths keep their meaning: an unknown /api/…, /health,
 * /metrics or /admin/… path still gets the API's 404, not the console.
 */
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Paths that belong to the API and its operations, never to the console. */
const API_PATHS = /^\/(api|health|metrics|admin)(\/|\?|$)/;
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The repository root: the nearest folder up from this file with a package.json (from src/ and from dist/ alike). */
function repositoryRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export const defaultConsoleDir = (): string => join(repositoryRoot(__dirname), 'dist', 'console');

/** Registers the console's routes; returns false (and registers nothing) when the console was not built. */
export function serveConsole(fastify: FastifyInstance, dir = defaultConsoleDir()): boolean {
  if (!existsSync(join(dir, 'index.html'))) return false;
  void fastify.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/assets/',
    cacheControl: false,
    // Also called for index.html sent by the routes below: only the hashed assets may be kept.
    setHeaders: (reply, path) => void reply.header('Cache-Control', basename(path) === 'index.html' ? 'no-cache' : IMMUTABLE),
  });
  const index = (reply: FastifyReply) => reply.sendFile('index.html', dir);
  fastify.get('/', (_req, reply) => index(reply));
  fastify.get('/*', (req, reply) => (API_PATHS.test(req.url) ? reply.callNotFound() : index(reply)));
  return true;
}
