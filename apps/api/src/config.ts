import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import proxyaddr from 'proxy-addr';
import { z } from 'zod';
import { LIMITS } from './graphql/limits.js';

const apiRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(apiRoot, '../..');

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.pathname.length > 1;
  } catch {
    return false;
  }
}, 'must be a postgres:// URL with a database name, e.g. postgres://user:pass@localhost:5432/tessera');

const optionalUrl = (protocols: string[], example: string) =>
  z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value))
    .refine((value) => {
      if (value === undefined) return true;
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `must be a URL like ${example}`);

/**
 * off (default): the client address is the socket's peer and X-Forwarded-For is ignored. A whole number n: the
 * n proxies nearest to the server are trusted. Otherwise a comma-separated list of trusted proxy addresses or
 * CIDR ranges (proxy-addr's names loopback, linklocal, uniquelocal allowed).
 */
const trustProxy = z
  .string()
  .optional()
  .transform((value, context): TrustProxy => {
    const text = (value ?? '').trim();
    if (text === '' || /^(off|false|0)$/i.test(text)) return { kind: 'off' };
    if (/^\d+$/.test(text)) return { kind: 'hops', hops: Number(text) };
    const addresses = text.split(',').map((part) => part.trim());
    try {
      proxyaddr.compile(addresses);
    } catch {
      context.addIssue({
        code: 'custom',
        message: 'must be off, a number of proxy hops, or a comma-separated list of proxy addresses or CIDRs',
      });
      return z.NEVER;
    }
    return { kind: 'addresses', addresses };
  });

export type TrustProxy =
  | { kind: 'off' }
  | { kind: 'hops'; hops: number }
  | { kind: 'addresses'; addresses: string[] };

/** A comma-separated list of browser origins (scheme://host[:port], nothing else), for CORS_ORIGINS. */
const originList = z
  .string()
  .optional()
  .transform((value, ctx) => {
    const origins: string[] = [];
    for (const item of (value ?? '').split(',')) {
      const text = item.trim();
      if (!text) continue;
      let url: URL | null = null;
      try {
        url = new URL(text);
      } catch {}
      // An origin has no path, query or credentials; `*` is refused so that no origin is ever reflected.
      if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== text.replace(/\/$/, '')) {
        ctx.addIssue({
          code: 'custom',
          message: `"${text}" is not an origin: list origins like https://app.example.org,http://localhost:5173`,
        });
        return z.NEVER;
      }
      origins.push(url.origin);
    }
    return origins;
  });

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce
    .number({ message: 'must be a whole number between 0 and 65535' })
    .int('must be a whole number between 0 and 65535')
    .min(0, 'must be a whole number between 0 and 65535')
    .max(65535, 'must be a whole number between 0 and 65535')
    .default(4000),
  DATABASE_URL: postgresUrl.optional(),
  /** the owner's URL, for migrations; DATABASE_URL is then the application's runtime role */
  MIGRATION_DATABASE_URL: postgresUrl.optional(),
  DATA_DIR: z.string().default(resolve(repoRoot, '.data')),
  SMTP_URL: optionalUrl(['smtp:', 'smtps:'], 'smtp://user:pass@mail.example.org:587'),
  MAIL_FROM: z.string().default('Tessera <no-reply@tessera.local>'),
  REDIS_URL: optionalUrl(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_URL: z
    .string()
    .url('must be an absolute URL such as https://tessera.example.org')
    .refine((value) => /^https?:/.test(value), 'must be an http:// or https:// URL')
    .optional(),
  /** browser origins other than the app's own that may call the API with credentials */
  CORS_ORIGINS: originList,
  WEB_DIST: z.string().default(resolve(apiRoot, '../web/dist')),
  /** OpenTelemetry: traces go to `<this>/v1/traces` (OTLP/HTTP JSON) when set, nowhere otherwise */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl(['http:', 'https:'], 'http://otel-collector:4318'),
  OTEL_SERVICE_NAME: z.string().min(1).default('tessera-api'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** demo data on an empty database; default auto, except in production (its demo password is public) */
  SEED: z.enum(['auto', 'never']).optional(),
  /** auto: start applies pending migrations; off: `pnpm migrate` does, and /readyz waits for them */
  MIGRATE: z.enum(['auto', 'off']).default('auto'),
  /** on SIGTERM, /readyz answers 503 this long before the server stops accepting (load balancers drain it) */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).default(0),
  /** then connections still open after this long are closed */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** members CSV exports one instance runs at once; one more is refused with 429 and Retry-After */
  EXPORT_MAX_CONCURRENT: z.coerce.number().int().positive().default(4),
  /** a members export whose client has not taken the last chunk after this long is ended */
  EXPORT_DRAIN_TIMEOUT_MS: z.coerce.number().int().positive().default(60_000),
  REQUEST_RETENTION_DAYS: z.coerce.number().int().positive().default(365),
  /** off: no timers for the outbox poll and the retention job (they still run when kicked or called); for tests */
  BACKGROUND_SCHEDULE: z.enum(['on', 'off']).default('on'),
  // Sessions and sign-in (ARCHITECTURE.md, "Sessions and sign-in throttling") ----------------------------
  /** absolute lifetime of a session, counted from sign-in */
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(12),
  /** a session unused this long ends (requests count as use; an open live stream does not) */
  SESSION_IDLE_MINUTES: z.coerce
    .number({ message: 'must be a whole number of minutes' })
    .int('must be a whole number of minutes')
    .positive('must be a whole number of minutes')
    .default(30),
  /** which X-Forwarded-For entries to believe for the client address: off, a number of hops, or proxy addresses */
  TRUST_PROXY: trustProxy,
  /** the GraphQL limits (src/graphql/limits.ts, ARCHITECTURE.md); raise them only for a trusted client */
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().positive().default(LIMITS.tokens),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(LIMITS.depth),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().nonnegative().default(LIMITS.aliases),
  GRAPHQL_MAX_COST: z.coerce.number().int().positive().default(LIMITS.cost),
  /**
   * /metrics: when set, a scrape must send `Authorization: Bearer <this>`; when unset, only a client on the loopback
   * interface (as TRUST_PROXY reads the client address) may scrape, so a public listener never exposes it
   */
  METRICS_TOKEN: z
    .string()
    .optional()
    .transform((value) => (value?.trim() === '' ? undefined : value?.trim()))
    .refine((value) => value === undefined || value.length >= 16, 'must be at least 16 characters')
    // A token with a space could never be sent as one bearer token: every scrape would be refused.
    .refine((value) => value === undefined || !/\s/.test(value), 'must not contain spaces'),
});

export type Config = Omit<z.infer<typeof schema>, 'SEED'> & {
  SEED: 'auto' | 'never';
  sessionSecret: string;
  mailDir: string;
};

const DEVELOPMENT_SESSION_SECRET = 'tessera-development-secret-do-not-use-in-production';

/** What production must not run with: values that only make sense on a developer's machine. */
function developmentDefaults(config: z.infer<typeof schema>): string[] {
  const problems: string[] = [];
  if (!config.SESSION_SECRET || config.SESSION_SECRET === DEVELOPMENT_SESSION_SECRET)
    problems.push('SESSION_SECRET: set a random value of at least 32 characters (e.g. openssl rand -hex 32)');
  if (!config.PUBLIC_URL)
    problems.push('PUBLIC_URL: set the address people use, e.g. https://tessera.example.org');
  return problems;
}

export class ConfigError extends Error {}

/** Parses the environment once; throws a ConfigError whose message names each bad variable on one line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const config = parsed.data;
  if (config.MIGRATION_DATABASE_URL && !config.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration: MIGRATION_DATABASE_URL: needs DATABASE_URL (the embedded PostgreSQL sets up its own roles)',
    );
  }
  if (config.NODE_ENV === 'production') {
    const problems = developmentDefaults(config);
    if (problems.length > 0)
      throw new ConfigError(
        `Refusing to start in production (NODE_ENV=production) with development defaults: ${problems.join('; ')}`,
      );
  }
  return {
    ...config,
    SEED: config.SEED ?? (config.NODE_ENV === 'production' ? 'never' : 'auto'),
    sessionSecret: config.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    mailDir: resolve(config.DATA_DIR, 'mail'),
  };
}
