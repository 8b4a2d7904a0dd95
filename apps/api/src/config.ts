import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  DATA_DIR: z.string().default(resolve(repoRoot, '.data')),
  SMTP_URL: optionalUrl(['smtp:', 'smtps:'], 'smtp://user:pass@mail.example.org:587'),
  MAIL_FROM: z.string().default('Tessera <no-reply@tessera.local>'),
  REDIS_URL: optionalUrl(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  PUBLIC_URL: z.string().url('must be an absolute URL such as https://tessera.example.org').optional(),
  WEB_DIST: z.string().default(resolve(apiRoot, '../web/dist')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED: z.enum(['auto', 'never']).default('auto'),
  REQUEST_RETENTION_DAYS: z.coerce.number().int().positive().default(365),
  /** off: no timers for the outbox poll and the retention job (they still run when kicked or called); for tests */
  BACKGROUND_SCHEDULE: z.enum(['on', 'off']).default('on'),
  SESSION_TTL_HOURS: z.coerce.number().int().positive().default(12),
  /** the GraphQL limits (src/graphql/limits.ts, ARCHITECTURE.md); raise them only for a trusted client */
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().positive().default(LIMITS.tokens),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().positive().default(LIMITS.depth),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().nonnegative().default(LIMITS.aliases),
  GRAPHQL_MAX_COST: z.coerce.number().int().positive().default(LIMITS.cost),
});

export type Config = z.infer<typeof schema> & { sessionSecret: string; mailDir: string };

export class ConfigError extends Error {}

/** Parses the environment once; throws a ConfigError whose message names each bad variable on one line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const config = parsed.data;
  if (config.NODE_ENV === 'production' && !config.SESSION_SECRET && config.DATABASE_URL) {
    throw new ConfigError(
      'Invalid configuration: SESSION_SECRET: is required in production with an external DATABASE_URL',
    );
  }
  return {
    ...config,
    sessionSecret: config.SESSION_SECRET ?? 'tessera-development-secret-do-not-use-in-production',
    mailDir: resolve(config.DATA_DIR, 'mail'),
  };
}
