import 'reflect-metadata';
import { loadConfigOrExit } from '@kap/core';
import { createApiApp } from './bootstrap';

async function main() {
  process.title = 'kap-api';
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: '0.0.0.0' });
  app.getHttpAdapter().getInstance().log.info({ port: config.port }, 'api listening');
}

void main();
