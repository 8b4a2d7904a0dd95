import { inspect } from 'node:util';

/**
 * One line saying why start-up failed, whatever was thrown: a rejection with no reason, an Error with an empty
 * message (pg's AggregateError when every address of a host refuses), an error code, or a plain value.
 */
export function describeStartupError(error: unknown): string {
  const line = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();
  if (error instanceof AggregateError && !error.message) {
    const inner = [...new Set(error.errors.map(describeStartupError))];
    if (inner.length > 0) return inner.join('; ');
  }
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (error.message) return line(error.message);
    if (code) return `${error.name} ${code}`;
    if (error.cause !== undefined) return describeStartupError(error.cause);
    return `${error.name} with no message`;
  }
  if (error === undefined || error === null) return 'an unknown failure (nothing said why)';
  if (typeof error === 'string') return line(error) || 'an unknown failure (nothing said why)';
  return line(inspect(error, { breakLength: Number.POSITIVE_INFINITY, depth: 2 }));
}
