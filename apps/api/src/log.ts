import { pino } from 'pino';
import { requestScope } from './observability/request-scope.js';

export type Logger = pino.Logger;

/**
 * One structured logger per process; pretty in a terminal, JSON otherwise. Every line written while a request is
 * handled carries its `requestId` (the x-request-id the response also carries), whoever logs it.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const pretty = !destination && process.stdout.isTTY && process.env.NODE_ENV !== 'production';
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    redact: ['req.headers.cookie', 'password', '*.password', 'token'],
    mixin: () => {
      const scope = requestScope.getStore();
      return scope ? { requestId: scope.requestId } : {};
    },
    transport: pretty ? { target: 'pino-pretty', options: { colorize: true, ignore: 'time' } } : undefined,
  };
  return destination ? pino(options, destination) : pino(options);
}
