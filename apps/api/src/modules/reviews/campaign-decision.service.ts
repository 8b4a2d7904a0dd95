import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  assertCan,
  assertCanActOnAdmin,
  assertCanManageDirectGrants,
  canOnAny,
  canStartReviewCampaign,
  groupScope,
  type ReviewDecisionInput,
  reviewsAsOf,
  scopesHoldingMember,
  unitInCampaignScope,
  unitScope,
  validateReviewDecision,
} from '@tessera/domain';
import { ConflictError, NotAuthorisedError, NotFoundError } from '../../errors.js';
import { AdminRole } from '../admins/admin-role.entity.js';
import { audit } from '../audit/audit.service.js';
import { type Authz, assertReaches, rule } from '../authz/authz.js';
import { roleHolding } from '../authz/roles.js';
import { loadTopology } from '../authz/topology.js';
import { Grant, GroupMembership } from '../groups/group.entity.js';
import { MemberUnit } from '../members/member.entity.js';
import { refreshActorUnderLock } from '../members/member-target.js';
import { lockOrganisation } from '../organisations/organisation.service.js';
import { type IReviewItem, ReviewCampaign, ReviewItem } from './campaign.entity.js';
import { campaignScope } from './campaign.service.js';

const NO_ITEM = 'No review item has this id.';

/**
 * A reviewer decides one item (keep, revoke with a reason, or move an attachment), applied in this transaction with
 * its audit events. The organisation is locked first, then the item row: of two concurrent decisions on one item
 * the first wins and the second is a CONFLICT. Only the item's own reviewers decide (rule 2); someone who may see
 * the campaign but is not a reviewer of the item is refused, anyone else learns nothing (NOT_FOUND). Taking a right
 * away also needs the reviewer's own power over it now (rule 1: member:attach on the unit, group:manage on the group,
 * grant:manage on the member, and never an admin at or above its level).
 */
export async function decideReviewItem(
  em: EntityManager,
  authz: Authz,
  itemId: string,
  input: ReviewDecisionInput,
): Promise<IReviewItem> {
  const [row] = await em.execute<{ organisation_id: string }[]>(
    'select organisation_id from review_item where id = ?',
    [itemId],
  );
  if (!row) throw new NotFoundError(NO_ITEM);
  assertReaches(authz.actor, row.organisation_id);
  await lockOrganisation(em, row.organisation_id);
  await refreshActorUnderLock(em, authz);
  const item = await em.findOne(ReviewItem, { id: itemId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const campaign = item && (await em.findOne(ReviewCampaign, { id: item.campaign }));
  if (!item || !campaign) throw new NotFoundError(NO_ITEM);
  const topology = await loadTopology(em, campaign.organisation);
  const scope = campaignScope(campaign);
  const actor = authz.actor;
  // One of its reviewers who still holds a role (reviewsAsOf); a reviewer whose roles all ended learns nothing more.
  const reviewer = reviewsAsOf(
    actor,
    { organisationId: item.organisation, reviewerIds: item.reviewerIds },
    authz.now,
  );
  if (!reviewer) {
    if (canStartReviewCampaign(actor, scope, topology, authz.now))
      throw new NotAuthorisedError('Only the reviewers of this item decide it.');
    throw new NotFoundError(NO_ITEM);
  }
  if (campaign.state !== 'OPEN') throw new ConflictError('This campaign is closed.', 'itemId');
  if (item.decision !== null) throw new ConflictError('This item is already decided.', 'itemId');
  const decision = rule(() =>
    validateReviewDecision(item.kind, item.kind === 'ATTACHMENT' ? item.subjectId : null, input, (unitId) =>
      unitInCampaignScope(unitId, scope, topology),
    ),
  );
  if (decision.decision === 'KEEP') {
    // Certifying needs a role that still reaches the member now: a reviewer whose role ended since the snapshot
    // (a group manager removed from its group) no longer keeps rights alive by default.
    const units = await em.find(MemberUnit, { member: item.member });
    const groups = await em.find(GroupMembership, { member: item.member });
    const scopes = scopesHoldingMember({
      organisationId: campaign.organisation,
      unitIds: units.map((link) => link.unit),
      groupIds: groups.map((link) => link.group),
    });
    if (!canOnAny(actor, 'member:read', scopes, topology, authz.now))
      throw new NotAuthorisedError(
        'You no longer hold a role over this member: its rights are not yours to certify.',
      );
  } else {
    const organisationId = campaign.organisation;
    const roles = await em.find(AdminRole, { member: item.member });
    rule(() => assertCanActOnAdmin(actor, roles.map(roleHolding), topology, authz.now));
    if (item.kind === 'ATTACHMENT') {
      rule(() =>
        assertCan(actor, 'member:attach', unitScope(organisationId, item.subjectId), topology, authz.now),
      );
      const link = await em.findOne(MemberUnit, { member: item.member, unit: item.subjectId });
      if (link) em.remove(link);
      audit(em, actor, {
        organisation: organisationId,
        action: 'member.detached-from-unit',
        targetType: 'Member',
        targetId: item.member,
        before: { unitId: item.subjectId },
      });
      if (decision.newUnitId) {
        const newUnitId = decision.newUnitId;
        rule(() =>
          assertCan(actor, 'member:attach', unitScope(organisationId, newUnitId), topology, authz.now),
        );
        if (!(await em.findOne(MemberUnit, { member: item.member, unit: newUnitId })))
          em.create(MemberUnit, { member: item.member, unit: newUnitId, organisation: organisationId });
        audit(em, actor, {
          organisation: organisationId,
          action: 'member.attached-to-units',
          targetType: 'Member',
          targetId: item.member,
          after: { unitIds: [newUnitId] },
        });
      }
    } else if (item.kind === 'GROUP_MEMBERSHIP') {
      rule(() =>
        assertCan(actor, 'group:manage', groupScope(organisationId, item.subjectId), topology, authz.now),
      );
      const membership = await em.findOne(GroupMembership, { member: item.member, group: item.subjectId });
      if (membership) em.remove(membership);
      audit(em, actor, {
        organisation: organisationId,
        action: 'member.removed-from-group',
        targetType: 'Member',
        targetId: item.member,
        before: { groupId: item.subjectId, blocked: membership?.blocked ?? null },
      });
    } else {
      const units = await em.find(MemberUnit, { member: item.member });
      const groups = await em.find(GroupMembership, { member: item.member });
      const scopes = scopesHoldingMember({
        organisationId,
        unitIds: units.map((link) => link.unit),
        groupIds: groups.map((link) => link.group),
      });
      // The same rule as taking a direct grant back elsewhere (a group scope does not reach direct grants).
      rule(() => assertCanManageDirectGrants(actor, scopes, topology, authz.now));
      await em.nativeDelete(Grant, { member: item.member, serviceRole: item.subjectId });
      audit(em, actor, {
        organisation: organisationId,
        action: 'member.grant_revoked',
        targetType: 'Member',
        targetId: item.member,
        before: { serviceRoleId: item.subjectId },
      });
    }
  }
  item.decision = decision.decision;
  item.comment = decision.comment;
  item.newUnitId = decision.newUnitId;
  item.decidedAt = authz.now;
  item.decidedBy = actor.kind === 'member' ? actor.memberId : null;
  audit(em, actor, {
    organisation: campaign.organisation,
    action: 'review-item.decided',
    targetType: 'Member',
    targetId: item.member,
    after: {
      campaignId: campaign.id,
      itemId: item.id,
      kind: item.kind,
      subjectId: item.subjectId,
      decision: decision.decision,
      comment: decision.comment,
      newUnitId: decision.newUnitId,
    },
  });
  await em.flush();
  return item;
}
