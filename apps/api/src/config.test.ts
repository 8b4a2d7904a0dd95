import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('accepts an empty environment and defaults to the embedded database on port 4000', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PORT).toBe(4000);
  });

  it('names DATABASE_URL and says what is wrong when it is not a postgres URL', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://localhost/db' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(
      /^Invalid configuration: DATABASE_URL: must be a postgres:\/\/ URL/,
    );
  });

  it('takes MIGRATION_DATABASE_URL only beside DATABASE_URL (the embedded PostgreSQL sets up its own roles)', () => {
    expect(() => loadConfig({ MIGRATION_DATABASE_URL: 'postgres://owner@localhost/db' })).toThrow(
      /^Invalid configuration: MIGRATION_DATABASE_URL: needs DATABASE_URL/,
    );
    const config = loadConfig({
      DATABASE_URL: 'postgres://app@localhost/db',
      MIGRATION_DATABASE_URL: 'postgres://owner@localhost/db',
    });
    expect(config.MIGRATION_DATABASE_URL).toBe('postgres://owner@localhost/db');
  });

  it('names PORT when it is not a port number', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: must be a whole number between 0 and 65535/);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: must be a whole number between 0 and 65535/);
  });

  it('reports every bad variable on one line', () => {
    try {
      loadConfig({ PORT: '-1', REDIS_URL: 'http://x' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT: .*; REDIS_URL: /);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
