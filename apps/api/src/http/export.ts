import type { IncomingMessage, ServerResponse } from 'node:http';
import { MEMBER_STATUS_VALUES, type MemberStatus } from '@tessera/domain';
import { parse as parseCookie } from 'cookie';
import { type AppServices, RequestContext } from '../context.js';
import { AppError, InvalidInputError, NotAuthorisedError } from '../errors.js';
import { authzOf } from '../graphql/authz.js';
import { parseId, parseOptionalId } from '../lib/ids.js';
import { findActingContext } from '../modules/authz/acting.js';
import {
  type ExportLanguage,
  startMembersExport,
  streamMembersCsv,
} from '../modules/members/member-export.js';
import { SESSION_COOKIE, sessionPolicy } from '../modules/people/session.service.js';
import { CSRF_HEADER } from './web-surface.js';

export const MEMBERS_EXPORT_PATH = '/export/members.csv';

function statusOf(error: AppError): number {
  if (error.code === 'NOT_AUTHORISED') return 403;
  if (error.code === 'NOT_FOUND') return 404;
  return 400;
}

/**
 * GET /export/members.csv?organisationId=…[&search&status&unitId&groupId&serviceId&lang=fr|en]: the members
 * list with the services each holds, as CSV, for the session in the cookie. The rows come from a database cursor
 * and are written chunk by chunk, each chunk waiting for the socket to drain before the cursor reads on, so an
 * export of any size holds one batch in memory.
 */
export async function handleMembersExport(
  app: AppServices,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const em = app.orm.em.fork();
  try {
    if (req.method !== 'GET') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
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
    const filter = {
      search: params.get('search'),
      status: (status as MemberStatus | null) ?? null,
      unitId: parseOptionalId(params.get('unitId'), 'Unit', 'unitId'),
      groupId: parseOptionalId(params.get('groupId'), 'Group', 'groupId'),
      serviceId: parseOptionalId(params.get('serviceId'), 'Service', 'serviceId'),
    };
    const language: ExportLanguage = params.get('lang') === 'en' ? 'en' : 'fr';
    const authz = await authzOf(ctx);
    const { count } = await startMembersExport(em, authz, organisationId, filter);

    const day = ctx.now.toISOString().slice(0, 10);
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="members-${day}.csv"`,
      'cache-control': 'no-store',
      ...(count !== null ? { 'x-member-count': String(count) } : {}),
    });
    // Backpressure: a chunk the socket cannot take at once holds the cursor until it drains (or the client goes).
    const write = (chunk: string) =>
      new Promise<void>((resolve, reject) => {
        if (res.destroyed) return reject(new Error('the client went away'));
        if (res.write(chunk)) return resolve();
        const drained = () => {
          res.off('close', closed);
          resolve();
        };
        const closed = () => {
          res.off('drain', drained);
          reject(new Error('the client went away'));
        };
        res.once('drain', drained);
        res.once('close', closed);
      });
    await streamMembersCsv(em, authz, organisationId, filter, language, write);
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
  }
}
