import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { REVIEW_REMINDER_DAYS } from '@tessera/domain';
import { globalId } from '../../lib/ids.js';
import { createNotifications } from '../notifications/notification.service.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { queueEmail, takeQueuedEmails } from '../outbox/outbox.service.js';
import { bilingualEmail } from '../people/mails.js';
import { ReviewCampaign } from './campaign.entity.js';
import { closeCampaign } from './campaign.service.js';

const BATCH = 50;

/**
 * The due-date job (`reviews.default-decisions`): every open campaign past its due date takes its default decision
 * and closes, each in its own transaction under the organisation lock and the campaign's row lock. The row's state
 * is the guard: a second run, a retry or another instance finds it CLOSED and does nothing, so each campaign's
 * default decision is applied exactly once whatever the queue delivers. Returns the campaigns it closed.
 */
export async function closeDueCampaigns(em: EntityManager, now: Date): Promise<string[]> {
  const due = await em
    .fork()
    .execute<{ id: string; organisation_id: string }[]>(
      `select id, organisation_id from review_campaign where state = 'OPEN' and due_at <= ? order by due_at, id limit ${BATCH}`,
      [now],
    );
  const closed: string[] = [];
  for (const { id, organisation_id } of due) {
    const done = await em.fork().transactional(async (tx) => {
      await lockOrganisation(tx, organisation_id);
      const campaign = await tx.findOne(ReviewCampaign, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (campaign?.state !== 'OPEN' || campaign.dueAt.getTime() > now.getTime()) return false;
      await closeCampaign(tx, campaign, null, now);
      return true;
    });
    if (done) closed.push(id);
  }
  return closed;
}

/**
 * The reminder job (`reviews.reminders`): REVIEW_REMINDER_DAYS before the due date, each reviewer who still has
 * undecided items gets an e-mail (outbox) and an in-app notification, once per campaign: the conditional update of
 * `reminded_at` is the guard, in the same transaction as the messages. Returns the e-mails queued, for dispatch.
 */
export async function sendDueReminders(em: EntityManager, now: Date, appUrl: string): Promise<string[]> {
  const horizon = new Date(now.getTime() + REVIEW_REMINDER_DAYS * 86_400_000);
  const due = await em.fork().execute<{ id: string }[]>(
    `select id from review_campaign where state = 'OPEN' and reminded_at is null and due_at > ? and due_at <= ?
        order by due_at, id limit ${BATCH}`,
    [now, horizon],
  );
  const queued: string[] = [];
  for (const { id } of due) {
    const ids = await em.fork().transactional(async (tx): Promise<string[]> => {
      const [campaign] = await tx.execute<
        { id: string; name: string; due_at: Date; organisation_id: string; organisation_name: string }[]
      >(
        `update review_campaign c set reminded_at = ? from organisation o
          where c.id = ? and c.reminded_at is null and c.state = 'OPEN' and o.id = c.organisation_id
          returning c.id, c.name, c.due_at, c.organisation_id, o.name as organisation_name`,
        [now, id],
      );
      if (!campaign) return [];
      const reviewers = await tx.execute<
        { person_id: string; email: string; first_name: string; open: string }[]
      >(
        `select p.id as person_id, p.email, p.first_name, count(*) as open
           from review_item i cross join lateral unnest(i.reviewer_ids) as r(reviewer_id)
           join member m on m.id = r.reviewer_id::uuid and m.status = 'ACTIVE'
           join person p on p.id = m.person_id
          where i.campaign_id = ? and i.decision is null
            -- only reviewers who still hold a role (domain reviewsAsOf): one whose roles all ended is not reminded
            and (exists (select 1 from admin_role a where a.member_id = m.id and (a.valid_until is null or a.valid_until >= ?))
              or exists (select 1 from delegation d where d.delegate_id = m.id and d.revoked_at is null
                                                    and d.starts_at <= ? and d.ends_at > ?))
          group by p.id, p.email, p.first_name`,
        [id, now, now, now],
      );
      const link = `${appUrl}/reviews/${encodeURIComponent(globalId('ReviewCampaign', id))}`;
      const day = new Date(campaign.due_at).toISOString().slice(0, 10);
      for (const reviewer of reviewers) {
        queueEmail(
          tx,
          bilingualEmail(reviewer.email, {
            fr: {
              subject: `Revue des comptes « ${campaign.name} » : à terminer avant le ${day}`,
              body: [
                `Bonjour ${reviewer.first_name},`,
                '',
                `Il vous reste ${reviewer.open} droit(s) à certifier dans la campagne de revue « ${campaign.name} » (${campaign.organisation_name}).`,
                `Sans réponse le ${day}, la décision par défaut de la campagne s’appliquera.`,
                '',
                link,
              ],
            },
            en: {
              subject: `Account review “${campaign.name}”: to finish by ${day}`,
              body: [
                `Hello ${reviewer.first_name},`,
                '',
                `You still have ${reviewer.open} right(s) to certify in the review campaign “${campaign.name}” (${campaign.organisation_name}).`,
                `Without an answer by ${day}, the campaign's default decision applies.`,
                '',
                link,
              ],
            },
          }),
        );
      }
      createNotifications(tx, {
        personIds: reviewers.map((reviewer) => reviewer.person_id),
        organisationId: campaign.organisation_id,
        kind: 'REVIEW_REMINDER',
        requestId: null,
      });
      await tx.flush();
      return takeQueuedEmails(tx);
    });
    queued.push(...ids);
  }
  return queued;
}
