/** `faultline serve`: start and run until SIGINT/SIGTERM; SIGHUP reloads the config. */
import { startServer } from '../main.ts';
import { AppError } from '../lib/index.ts';

export async function serveCommand(): Promise<void> {
  let server;
  try {
    server = await startServer({ banner: true });
  } catch (e) {
    process.stderr.write(`faultline: cannot start: ${e instanceof AppError ? e.message : String(e)}\n`);
    if (!(e instanceof AppError)) console.error(e);
    process.exit(1);
  }
  const s = server;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    s.rt.log.info({ signal }, 'stopping');
    await s.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void s.reload());
}
