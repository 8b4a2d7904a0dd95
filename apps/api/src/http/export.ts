import type { IncomingMessage, ServerResponse } from 'node:http';
import { MEMBER_STATUS_VALUES, type MemberStatus } from '@tessera/domain';
import { parse as parseCookie } from 'cookie';
import { type AppServices, RequestContext } from '../context.js';
import { AppError, InvalidInputError, NotAuthorisedError } from '../errors.js';
import { authzOf } from '../graphql/authz.js';
import { parseId, parseOptionalId } from '../lib/ids.js';
import { parseInstant } from '../lib/instant.js';
import { findActingContext } from '../modules/authz/acting.js';
import {
  type ExportLanguage,
  startMembersExport,
  streamMembersCsv,
} from '../modules/members/member-export.js';
import { MEMBER_SORT_VALUES, type MemberSort } from '../modules/members/member-list.js';
import { SESSION_COOKIE, sessionPolicy } from '../modules/people/session.service.js';
import { CSRF_HEADER } from './web-surface.js';

export const MEMBERS_EXPORT_PATH = '/export/members.csv';

/** Seconds a refused export is told to wait before trying again. */
export const EXPORT_RETRY_AFTER_SECONDS = 30;

/** Exports running on each instance (keyed by its services, so test instances in one process count apart). */
const running = new WeakMap<AppServices, number>();

function statusOf(error: AppError): number {
  if (error.code === 'NOT_AUTHORISED') return 403;
  if (error.code === 'NOT_FOUND') return 404;
  return 400;
}

function instantParam(value: string | null, field: string): Date | null {
  if (value === null || value === '') return null;
  const date = parseInstant(value);
  if (!date)
    throw new InvalidInputError(
      field,
      'An ISO-8601 date and time with a time zone, e.g. 2026-03-01T09:30:00Z.',
    );
  return date;
}

/**
 * GET /export/members.csv?organisationId=…[&search&status&unitId&groupId&serviceId&notSignedInSince&sort
 * &lang=fr|en]: the members list (same filters, order and validation as the `members` query) with the services
 * each holds, as CSV, for the session in the cookie. The rows are read in keyset batches, one statement each,
 * and a batch is read only once the socket drained the previous chunk, so an export of any size holds one batch
 * in memory and no database connection while it waits on the client.
 */
export async function handleMembersExport(
  app: AppServices,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET' }).end();
    return;
  }
  // Each export holds its client's socket (never a database connection) while the client reads: a bounded number
  // run at once, so slow downloads cannot pile up.
  const slots = running.get(app) ?? 0;
  if (slots >= app.config.EXPORT_MAX_CONCURRENT) {
    res
      .writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(EXPORT_RETRY_AFTER_SECONDS),
      })
      .end(
        JSON.stringify({
          code: 'TOO_MANY_EXPORTS',
          message: `Too many exports are running; try again in ${EXPORT_RETRY_AFTER_SECONDS} seconds.`,
          field: null,
        }),
      );
    return;
  }
  running.set(app, slots + 1);
  const em = app.orm.em.fork();
  try {
    // An export is audited: a link or an <img> on another site must not start one with the visitor's cookie.
    if (!req.headers[CSRF_HEADER]) {
      res.writeHead(403, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          code: 'CSRF_HEADER_REQUIRED',
          message: `Send the ${CSRF_HEADER} header with every request (any value).`,
          field: null,
        }),
      );
      return;
    }
    const token = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
    const acting = await findActingContext(em, token, sessionPolicy(app.config), new Date());
    const ctx = new RequestContext(app, em, acting, req.socket.remoteAddress ?? 'unknown');
    if (!acting || !(await ctx.actor())) throw new NotAuthorisedError('Sign in to export members.');
    const params = url.searchParams;
    const organisationId = parseId(params.get('organisationId') ?? '', 'Organisation', 'organisationId');
    const status = params.get('status');
    if (status && !MEMBER_STATUS_VALUES.includes(status as MemberStatus))
      throw new InvalidInputError('status', 'Unknown status.');
    const sort = params.get('sort') || 'NAME';
    if (!MEMBER_SORT_VALUES.includes(sort as MemberSort))
      throw new InvalidInputError('sort', 'Unknown order.');
    const filter = {
      search: params.get('search'),
      status: (status as MemberStatus | null) ?? null,
      unitId: parseOptionalId(params.get('unitId'), 'Unit', 'unitId'),
      groupId: parseOptionalId(params.get('groupId'), 'Group', 'groupId'),
      serviceId: parseOptionalId(params.get('serviceId'), 'Service', 'serviceId'),
      notSignedInSince: instantParam(params.get('notSignedInSince'), 'notSignedInSince'),
    };
    const language: ExportLanguage = params.get('lang') === 'en' ? 'en' : 'fr';
    const authz = await authzOf(ctx);
    const { count } = await startMembersExport(em, authz, organisationId, filter, sort as MemberSort);

    const day = ctx.now.toISOString().slice(0, 10);
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="members-${day}.csv"`,
      'cache-control': 'no-store',
      ...(count !== null ? { 'x-member-count': String(count) } : {}),
    });
    // Backpressure: the next batch is read once the socket took this chunk. A client that stops reading for
    // longer than the drain timeout, or goes away, ends the export (and frees its slot).
    const drainTimeout = app.config.EXPORT_DRAIN_TIMEOUT_MS;
    const write = (chunk: string) =>
      new Promise<void>((resolve, reject) => {
        if (res.destroyed) return reject(new Error('the client went away'));
        if (res.write(chunk)) return resolve();
        const done = () => {
          clearTimeout(timer);
          res.off('drain', drained);
          res.off('close', closed);
        };
        const drained = () => {
          done();
          resolve();
        };
        const closed = () => {
          done();
          reject(new Error('the client went away'));
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`the client took no data for ${drainTimeout} ms`));
        }, drainTimeout);
        res.once('drain', drained);
        res.once('close', closed);
      });
    await streamMembersCsv(em, authz, organisationId, filter, sort as MemberSort, language, write);
    res.end();
  } catch (error) {
    if (res.headersSent) {
      app.logger.warn({ err: error }, 'members export interrupted');
      res.destroy();
      return;
    }
    if (error instanceof AppError) {
      res
        .writeHead(statusOf(error), { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: error.code, message: error.message, field: error.field ?? null }));
      return;
    }
    app.logger.error({ err: error }, 'members export failed');
    res
      .writeHead(500, { 'content-type': 'application/json' })
      .end('{"code":"INTERNAL","message":"Export failed."}');
  } finally {
    running.set(app, (running.get(app) ?? 1) - 1);
  }
}
