import { AdminRole } from '../modules/admins/admin-role.entity.js';
import { AuditEvent } from '../modules/audit/audit-event.entity.js';
import { Agreement, AgreementItem, Service, ServiceRole } from '../modules/catalogue/service.entity.js';
import { Delegation } from '../modules/delegations/delegation.entity.js';
import { Grant, Group, GroupMembership } from '../modules/groups/group.entity.js';
import { Invitation } from '../modules/members/invitation.entity.js';
import { Member, MemberUnit } from '../modules/members/member.entity.js';
import { Notification } from '../modules/notifications/notification.entity.js';
import { Organisation, Unit } from '../modules/organisations/organisation.entity.js';
import { OutboxMessage } from '../modules/outbox/outbox-message.entity.js';
import { OneTimeToken, Person, RateLimit, Session } from '../modules/people/person.entity.js';
import { Request, RequestStep } from '../modules/requests/request.entity.js';
import { ReviewCampaign, ReviewItem } from '../modules/reviews/campaign.entity.js';

export const entities = [
  Person,
  Session,
  OneTimeToken,
  RateLimit,
  Organisation,
  Unit,
  Service,
  ServiceRole,
  Agreement,
  AgreementItem,
  Member,
  MemberUnit,
  Group,
  GroupMembership,
  Grant,
  AdminRole,
  AuditEvent,
  OutboxMessage,
  Request,
  RequestStep,
  Notification,
  Invitation,
  ReviewCampaign,
  ReviewItem,
  Delegation,
];
