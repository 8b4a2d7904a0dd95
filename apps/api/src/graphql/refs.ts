import type { IAdminRole } from '../modules/admins/admin-role.entity.js';
import type { IAuditEvent } from '../modules/audit/audit-event.entity.js';
import type {
  IAgreement,
  IAgreementItem,
  IService,
  IServiceRole,
} from '../modules/catalogue/service.entity.js';
import type { IDelegation } from '../modules/delegations/delegation.entity.js';
import type { IGroup } from '../modules/groups/group.entity.js';
import type { IMember } from '../modules/members/member.entity.js';
import type { INotification } from '../modules/notifications/notification.entity.js';
import type { IOrganisation, IUnit } from '../modules/organisations/organisation.entity.js';
import type { IPerson } from '../modules/people/person.entity.js';
import type { IRequest, IRequestStep } from '../modules/requests/request.entity.js';
import { builder } from './builder.js';

export const OrganisationRef = builder.objectRef<IOrganisation>('Organisation');
export const UnitRef = builder.objectRef<IUnit>('Unit');
export const PersonRef = builder.objectRef<IPerson>('Person');
export const MemberRef = builder.objectRef<IMember>('Member');
export const GroupRef = builder.objectRef<IGroup>('Group');
export const ServiceRef = builder.objectRef<IService>('Service');
export const ServiceRoleRef = builder.objectRef<IServiceRole>('ServiceRole');
export const AgreementRef = builder.objectRef<IAgreement>('Agreement');
export const AgreementItemRef = builder.objectRef<IAgreementItem>('AgreementItem');
export const AdminRoleRef = builder.objectRef<IAdminRole>('AdminRole');
export const DelegationRef = builder.objectRef<IDelegation>('Delegation');
export const AuditEventRef = builder.objectRef<IAuditEvent>('AuditEvent');
export const RequestRef = builder.objectRef<IRequest>('Request');
export const RequestStepRef = builder.objectRef<IRequestStep>('RequestStep');
export const NotificationRef = builder.objectRef<INotification>('Notification');
