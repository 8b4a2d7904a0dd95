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

  it('traces only with an http(s) OTEL_EXPORTER_OTLP_ENDPOINT, and names it otherwise', () => {
    expect(loadConfig({}).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(
      loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).OTEL_EXPORTER_OTLP_ENDPOINT,
    ).toBe('http://collector:4318');
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: must be a URL like http:\/\/otel-collector:4318/,
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

  it('reads CORS_ORIGINS as a list of origins and names any entry that is not one', () => {
    expect(loadConfig({}).CORS_ORIGINS).toEqual([]);
    expect(
      loadConfig({ CORS_ORIGINS: 'https://a.example.org, http://localhost:5173/' }).CORS_ORIGINS,
    ).toEqual(['https://a.example.org', 'http://localhost:5173']);
    for (const bad of [
      '*',
      'https://a.example.org/path',
      'a.example.org',
      'ftp://a.example.org',
      'https://u:p@a.example',
    ])
      expect(() => loadConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS: .* is not an origin/);
  });

  it('takes METRICS_TOKEN trimmed, of 16 characters at least and without spaces; blank means none', () => {
    expect(loadConfig({ METRICS_TOKEN: ' scrape-token-0123456789\n' }).METRICS_TOKEN).toBe(
      'scrape-token-0123456789',
    );
    expect(loadConfig({ METRICS_TOKEN: '   ' }).METRICS_TOKEN).toBeUndefined();
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(
      /METRICS_TOKEN: must be at least 16 characters/,
    );
    expect(() => loadConfig({ METRICS_TOKEN: 'scrape token 0123456789' })).toThrow(
      /METRICS_TOKEN: must not contain spaces/,
    );
  });

  it('accepts only an http(s) PUBLIC_URL', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://tessera.example.org' }).PUBLIC_URL).toBe(
      'https://tessera.example.org',
    );
    expect(() => loadConfig({ PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_URL: /);
  });
});

describe('TRUST_PROXY and session timeouts', () => {
  it('is off by default, and accepts a number of hops or a list of proxy addresses', () => {
    expect(loadConfig({}).TRUST_PROXY).toEqual({ kind: 'off' });
    expect(loadConfig({ TRUST_PROXY: 'off' }).TRUST_PROXY).toEqual({ kind: 'off' });
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toEqual({ kind: 'hops', hops: 2 });
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 192.168.0.0/16, loopback' }).TRUST_PROXY).toEqual({
      kind: 'addresses',
      addresses: ['10.0.0.1', '192.168.0.0/16', 'loopback'],
    });
  });

  it('names TRUST_PROXY when an entry is not an address', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'my-proxy.example' })).toThrow(/TRUST_PROXY: must be off/);
  });

  it('defaults the idle timeout to 30 minutes and refuses a non-positive one', () => {
    expect(loadConfig({}).SESSION_IDLE_MINUTES).toBe(30);
    expect(() => loadConfig({ SESSION_IDLE_MINUTES: '0' })).toThrow(/SESSION_IDLE_MINUTES/);
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
