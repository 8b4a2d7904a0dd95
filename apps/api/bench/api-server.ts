/** `pnpm bench`'s Tessera: the real API (startApp) in its own process, configured by the environment. */
import { startApp } from '../src/app.js';

const app = await startApp(process.env);
process.stdout.write(`${JSON.stringify({ benchUrl: app.url, pid: process.pid })}\n`);
const stop = async () => {
  await app.stop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
