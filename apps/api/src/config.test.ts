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

  describe('in production', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://tessera@db.internal:5432/tessera',
      SESSION_SECRET: 'a-real-secret-of-at-least-32-characters-0000',
      PUBLIC_URL: 'https://tessera.example.org',
    };

    it('starts with its own secret and address, and seeds no demo data unless told to', () => {
      const config = loadConfig(production);
      expect(config.sessionSecret).toBe(production.SESSION_SECRET);
      expect(config.SEED).toBe('never');
      expect(loadConfig({ ...production, SEED: 'auto' }).SEED).toBe('auto');
      expect(loadConfig({}).SEED).toBe('auto');
    });

    it('refuses the development session secret and a missing PUBLIC_URL, naming both on one line', () => {
      for (const env of [
        { ...production, SESSION_SECRET: undefined, PUBLIC_URL: undefined },
        {
          ...production,
          SESSION_SECRET: 'tessera-development-secret-do-not-use-in-production',
          PUBLIC_URL: undefined,
        },
      ]) {
        try {
          loadConfig(env);
          expect.unreachable();
        } catch (error) {
          expect(error).toBeInstanceOf(ConfigError);
          const message = (error as Error).message;
          expect(message).toMatch(
            /^Refusing to start in production \(NODE_ENV=production\) with development defaults: SESSION_SECRET: .*; PUBLIC_URL: /,
          );
          expect(message).not.toContain('\n');
        }
      }
    });

    it('refuses a missing secret even on the embedded database', () => {
      expect(() => loadConfig({ NODE_ENV: 'production', PUBLIC_URL: production.PUBLIC_URL })).toThrow(
        /with development defaults: SESSION_SECRET: set a random value/,
      );
    });
  });
});
