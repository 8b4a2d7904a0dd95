import type { EntityManager } from '@mikro-orm/postgresql';
import { canStartReviewCampaign } from '@tessera/domain';
import { NotFoundError } from '../../errors.js';
import { audit } from '../audit/audit.service.js';
import type { Authz } from '../authz/authz.js';
import { assertReaches } from '../authz/authz.js';
import { type CsvSeparator, csvLine } from '../members/csv.js';
import { ReviewCampaign } from './campaign.entity.js';
import { campaignScope } from './campaign.service.js';

const BATCH = 500;

const HEADERS = {
  fr: [
    'Membre',
    'Droit',
    'Objet',
    'Rôles du groupe',
    'Décision',
    'Nouvelle unité',
    'Commentaire',
    'Décidé par',
    'Décidé le',
    'Par défaut',
  ],
  en: [
    'Member',
    'Right',
    'Subject',
    'Group roles',
    'Decision',
    'New unit',
    'Comment',
    'Decided by',
    'Decided at',
    'By default',
  ],
} as const;
export type EvidenceLanguage = keyof typeof HEADERS;

/**
 * Checks that the caller administers the campaign (those who may start one over its scope; anyone else: NOT_FOUND,
 * rule 2) and records the export in its own transaction before any row leaves. Returns the campaign's name.
 */
export async function startEvidenceExport(
  em: EntityManager,
  authz: Authz,
  campaignId: string,
): Promise<string> {
  const campaign = await em.findOne(ReviewCampaign, { id: campaignId });
  if (!campaign) throw new NotFoundError('No review campaign has this id.');
  assertReaches(authz.actor, campaign.organisation);
  const topology = await authz.topology(campaign.organisation);
  if (!canStartReviewCampaign(authz.actor, campaignScope(campaign), topology, authz.now))
    throw new NotFoundError('No review campaign has this id.');
  await em.fork().transactional(async (tx) => {
    audit(tx, authz.actor, {
      organisation: campaign.organisation,
      action: 'review-campaign.exported',
      targetType: 'ReviewCampaign',
      targetId: campaign.id,
      after: { name: campaign.name },
    });
  });
  return campaign.name;
}

type EvidenceRow = {
  id: string;
  member_id: string;
  member_name: string | null;
  kind: string;
  subject_name: string | null;
  group_roles: string | null;
  decision: string | null;
  new_unit: string | null;
  comment: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  by_default: boolean;
};

/**
 * The campaign's evidence (who decided what, when, why), one line per item, in keyset batches of one statement
 * each; `write` resolves once the client took the chunk, so any size holds one batch in memory.
 */
export async function streamEvidenceCsv(
  em: EntityManager,
  campaignId: string,
  language: EvidenceLanguage,
  write: (chunk: string) => Promise<void>,
): Promise<void> {
  const separator: CsvSeparator = language === 'fr' ? ';' : ',';
  await write(`\uFEFF${csvLine(HEADERS[language], separator)}`);
  let after: [string, string] | null = null;
  for (;;) {
    const rows: EvidenceRow[] = await em.execute<EvidenceRow[]>(
      `select i.id, i.member_id, p.first_name || ' ' || p.last_name as member_name, i.kind,
              coalesce(u.name, g.name, sr.name) as subject_name,
              (select string_agg(r.name, ', ' order by r.name) from service_role r where r.id::text = any(i.service_role_ids)) as group_roles,
              i.decision, nu.name as new_unit, i.comment,
              dp.first_name || ' ' || dp.last_name as decided_by, i.decided_at, i.by_default
         from review_item i
         join member m on m.id = i.member_id join person p on p.id = m.person_id
         left join unit u on i.kind = 'ATTACHMENT' and u.id = i.subject_id
         left join member_group g on i.kind = 'GROUP_MEMBERSHIP' and g.id = i.subject_id
         left join service_role sr on i.kind = 'DIRECT_GRANT' and sr.id = i.subject_id
         left join unit nu on nu.id = i.new_unit_id
         left join member dm on dm.id = i.decided_by_id left join person dp on dp.id = dm.person_id
        where i.campaign_id = ? ${after ? 'and (i.member_id, i.id) > (?, ?)' : ''}
        order by i.member_id, i.id limit ${BATCH}`,
      after ? [campaignId, ...after] : [campaignId],
    );
    if (rows.length === 0) return;
    await write(
      rows
        .map((row) =>
          csvLine(
            [
              row.member_name,
              row.kind,
              row.subject_name,
              row.group_roles,
              row.decision,
              row.new_unit,
              row.comment,
              row.decided_by,
              row.decided_at ? new Date(row.decided_at).toISOString() : null,
              row.by_default ? 'x' : '',
            ],
            separator,
          ),
        )
        .join(''),
    );
    const last = rows.at(-1)!;
    after = [last.member_id, last.id];
    if (rows.length < BATCH) return;
  }
}
