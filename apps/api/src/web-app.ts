import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where `npm run build:web` puts the dashboard (compiled modules in js/, index.html and styles beside). */
export const WEB_ROOT = resolve(process.cwd(), 'dist/web');

/**
 * Serves the web dashboard at `/` from the same origin as the API, so that the CSP stays
 * `'self'` only. Unknown GET paths outside /api answer index.html (the app routes by URL);
 * unknown /api paths keep the API's JSON 404.
 */
export async function registerWebApp(app: NestFastifyApplication, root = WEB_ROOT): Promise<boolean> {
  const fastify = app.getHttpAdapter().getInstance();
  if (!existsSync(resolve(root, 'index.html'))) {
    fastify.log.warn({ root }, 'web app not built (npm run build:web): only the API is served');
    return false;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // One route per built file, so that the fallback below can own every other path.
    wildcard: false,
    index: ['index.html'],
    cacheControl: true,
    maxAge: 0,
    decorateReply: true,
  });
  fastify.get('/*', (request, reply) => {
    const path = request.url.split('?')[0];
    if (path === '/api' || path.startsWith('/api/') || /\.[a-z0-9]+$/i.test(path)) {
      return reply.callNotFound();
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
  return true;
}
