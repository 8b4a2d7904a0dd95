import { pino } from 'pino';

export type Logger = pino.Logger;

/** One structured logger per process; pretty in a terminal, JSON otherwise. */
export function createLogger(level: string): Logger {
  const pretty = process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  return pino({
    level,
    base: undefined,
    redact: ['req.headers.cookie', 'password', '*.password', 'token'],
    transport: pretty ? { target: 'pino-pretty', options: { colorize: true, ignore: 'time' } } : undefined,
  });
}
