import { startApp } from './app.js';
import { ConfigError } from './config.js';
import { describeStartupError } from './startup-error.js';

try {
  const app = await startApp();
  const lines = [`Tessera is running on ${app.url}  (GraphQL: ${app.url}/graphql)`];
  if (app.seed?.created) {
    lines.push(`Demo data seeded. Sign in with any of these (password for all: ${app.seed.password}):`);
    for (const login of app.seed.logins) lines.push(`  ${login.email.padEnd(34)} ${login.description}`);
  } else if (app.seed) {
    lines.push(`Demo logins (password for all: ${app.seed.password}):`);
    for (const login of app.seed.logins) lines.push(`  ${login.email.padEnd(34)} ${login.description}`);
  }
  if (!app.config.SMTP_URL)
    lines.push(`No SMTP_URL: e-mails are kept in ${app.config.mailDir} and listed at ${app.url}/dev/mail`);
  console.log(lines.join('\n'));
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) {
      // A second Ctrl-C does not wait for the drain.
      app.services.logger.warn({ signal }, 'stopping now, without draining');
      process.exit(1);
    }
    shuttingDown = true;
    app.services.logger.info({ signal }, 'stopping: not ready any more, draining connections');
    app.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(`Tessera could not start: ${describeStartupError(error)}`);
  process.exit(1);
}
