import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.js';
import { requestIdFrom, requestScope } from './observability/request-scope.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, stream };
}

describe('logs', () => {
  it('carry the request id of the request being handled, across awaits, and none outside one', async () => {
    const { lines, stream } = capture();
    const logger = createLogger('info', stream);
    logger.info('outside');
    await requestScope.run({ requestId: 'req-42' }, async () => {
      await Promise.resolve();
      logger.info({ path: '/graphql' }, 'inside');
    });
    expect(lines.map((line) => [line.msg, line.requestId])).toEqual([
      ['outside', undefined],
      ['inside', 'req-42'],
    ]);
  });

  it('keep a plain incoming x-request-id and replace anything else with a UUID', () => {
    expect(requestIdFrom('lb-7f3a:1')).toBe('lb-7f3a:1');
    expect(requestIdFrom(['first', 'second'])).toBe('first');
    for (const bad of [undefined, '', 'has space', 'x'.repeat(129), 'a\nb'])
      expect(requestIdFrom(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });
});
