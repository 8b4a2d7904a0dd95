import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { type AppServices, RequestContext } from '../context.js';
import { AppError, NotAuthorisedError } from '../errors.js';
import { authzOf } from '../graphql/authz.js';
import { parseId } from '../lib/ids.js';
import { findActingContext } from '../modules/authz/acting.js';
import { SESSION_COOKIE, sessionPolicy } from '../modules/people/session.service.js';
import {
  type EvidenceLanguage,
  startEvidenceExport,
  streamEvidenceCsv,
} from '../modules/reviews/campaign-evidence.js';
import { CSRF_HEADER } from './web-surface.js';

export const REVIEW_EVIDENCE_PATH = '/export/review-evidence.csv';

const json = (res: ServerResponse, status: number, body: Record<string, unknown>) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/**
 * GET /export/review-evidence.csv?campaignId=…[&lang=fr|en]: a campaign's evidence (who decided what, when, why) as
 * CSV, for the session in the cookie, with the members export's rules: the CSRF header, the session checked live,
 * only the campaign's administrators (anyone else 404), audited before any row leaves, keyset batches written as
 * the client reads them.
 */
export async function handleReviewEvidenceExport(
  app: AppServices,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  if (req.method !== 'GET') {
    res.writeHead(405, { allow: 'GET' }).end();
    return;
  }
  const em = app.orm.em.fork();
  try {
    if (!req.headers[CSRF_HEADER])
      return void json(res, 403, {
        code: 'CSRF_HEADER_REQUIRED',
        message: `Send the ${CSRF_HEADER} header with every request (any value).`,
        field: null,
      });
    const token = parseCookie(req.headers.cookie ?? '')[SESSION_COOKIE];
    const acting = await findActingContext(em, token, sessionPolicy(app.config), new Date());
    const ctx = new RequestContext(app, em, acting, req.socket.remoteAddress ?? 'unknown');
    if (!acting || !(await ctx.actor())) throw new NotAuthorisedError('Sign in to export the evidence.');
    const campaignId = parseId(url.searchParams.get('campaignId') ?? '', 'ReviewCampaign', 'campaignId');
    const language: EvidenceLanguage = url.searchParams.get('lang') === 'en' ? 'en' : 'fr';
    await startEvidenceExport(em, await authzOf(ctx), campaignId);
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="review-evidence-${ctx.now.toISOString().slice(0, 10)}.csv"`,
      'cache-control': 'no-store',
    });
    const drainTimeout = app.config.EXPORT_DRAIN_TIMEOUT_MS;
    const write = (chunk: string) =>
      new Promise<void>((resolve, reject) => {
        if (res.destroyed) return reject(new Error('the client went away'));
        if (res.write(chunk)) return resolve();
        const timer = setTimeout(
          () => reject(new Error(`the client took no data for ${drainTimeout} ms`)),
          drainTimeout,
        );
        res.once('drain', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    await streamEvidenceCsv(em, campaignId, language, write);
    res.end();
  } catch (error) {
    if (res.headersSent) {
      app.logger.warn({ err: error }, 'review evidence export interrupted');
      res.destroy();
      return;
    }
    if (error instanceof AppError) {
      const status = error.code === 'NOT_AUTHORISED' ? 403 : error.code === 'NOT_FOUND' ? 404 : 400;
      return void json(res, status, { code: error.code, message: error.message, field: error.field ?? null });
    }
    app.logger.error({ err: error }, 'review evidence export failed');
    json(res, 500, { code: 'INTERNAL', message: 'Export failed.' });
  }
}
