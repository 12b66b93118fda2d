import { Logger } from '@nestjs/common';
import { WebConfigError, loadWebConfig } from './web.config';
import { createWebApp } from './create-web-app';

async function main() {
  let config;
  try {
    config = loadWebConfig(process.env);
  } catch (e) {
    if (e instanceof WebConfigError) {
      for (const p of e.problems) console.error(`web: ${p}`);
      process.exit(1);
    }
    throw e;
  }
  const app = await createWebApp(config);
  await app.listen(config.port, config.host);
  const signIn = [config.dev ? 'development sign-in' : null, config.oidc ? 'OpenID Connect' : null].filter(Boolean).join(' and ');
  new Logger('web').log(`web listening on http://${config.host}:${config.port} (${signIn})`);
}

main().catch((e: Error) => {
  console.error(`web failed to start: ${e.message}`);
  process.exit(1);
});
