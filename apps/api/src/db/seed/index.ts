import type { EntityManager } from '@mikro-orm/postgresql';
import type { AdminRoleKind, RegistryKind } from '@tessera/domain';
import { hashPassword } from '../../auth/passwords.js';
import { AdminRole } from '../../modules/admins/admin-role.entity.js';
import { Agreement, AgreementItem, Service, ServiceRole } from '../../modules/catalogue/service.entity.js';
import { Grant, Group, GroupMembership } from '../../modules/groups/group.entity.js';
import { Member, MemberUnit } from '../../modules/members/member.entity.js';
import { memberSortName } from '../../modules/members/sort-name.js';
import { Organisation, Unit } from '../../modules/organisations/organisation.entity.js';
import { type IPerson, Person } from '../../modules/people/person.entity.js';
import { Request, RequestStep } from '../../modules/requests/request.entity.js';

export const DEMO_PASSWORD = 'Tessera-Demo-2026';

export interface SeedReport {
  created: boolean;
  password: string;
  logins: { email: string; description: string }[];
}

export const DEMO_LOGINS: SeedReport['logins'] = [
  { email: 'operateur@tessera.demo', description: 'operator administrator' },
  { email: 'claire.morel@morges.demo', description: 'principal admin, Commune de Morges' },
  { email: 'marc.favre@morges.demo', description: 'referent, Commune de Morges' },
  { email: 'nadia.keller@morges.demo', description: 'unit admin (Service de la population), Morges' },
  { email: 'paul.girard@lumiere.demo', description: 'partner administrator, Centre social Lumière' },
  { email: 'sophie.martin@lumiere.demo', description: 'group manager (Accueil), Centre social Lumière' },
  { email: 'anne.dupuis@leman.demo', description: 'principal admin, Transports Léman SA (to activate)' },
  { email: 'lea.dubois@exemple.demo', description: 'a person with no organisation yet (to attach)' },
];

/** Creates the demo dataset when the database holds no person yet; otherwise does nothing. */
export async function seedIfEmpty(em: EntityManager): Promise<SeedReport> {
  const count = await em.count(Person);
  if (count > 0) return { created: false, password: DEMO_PASSWORD, logins: DEMO_LOGINS };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await em.transactional(async (tx) => seedDemo(tx, passwordHash));
  return { created: true, password: DEMO_PASSWORD, logins: DEMO_LOGINS };
}

async function seedDemo(em: EntityManager, passwordHash: string): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const person = (firstName: string, lastName: string, email: string, extra: Partial<IPerson> = {}) =>
    em.create(Person, {
      firstName,
      lastName,
      email,
      passwordHash,
      termsAcceptedAt: new Date(),
      emailVerifiedAt: new Date(),
      ...extra,
    } as never) as unknown as { id: string; firstName: string; lastName: string };

  person('Olivia', 'Brunner', 'operateur@tessera.demo', { isOperatorAdmin: true } as never);

  const service = (
    code: string,
    name: string,
    accessLevel: 'FREE' | 'PROTECTED',
    roles: [string, string][],
  ) => {
    const row = em.create(Service, { code, name, accessLevel });
    const roleRows = Object.fromEntries(
      roles.map(([roleCode, roleName]) => [
        roleCode,
        em.create(ServiceRole, { service: row.id, code: roleCode, name: roleName }),
      ]),
    );
    return { row, roles: roleRows };
  };
  const portal = service('PORTAIL', 'Portail des prestations', 'FREE', [['usager', 'Utilisateur']]);
  const contact = service('CONTACTDATA', 'ContactData', 'FREE', [['consultation', 'Consultation']]);
  const cdap = service('CDAP', 'Consultation du dossier allocataire (CDAP)', 'PROTECTED', [
    ['consultation', 'Consultation'],
    ['saisie', 'Saisie'],
    ['validation', 'Validation'],
  ]);
  const billing = service('FACTURE', 'Facture électronique', 'PROTECTED', [
    ['consultation', 'Consultation'],
    ['validation', 'Validation'],
  ]);
  const order = service('COMMANDE', 'Commande fixe', 'PROTECTED', [['commande', 'Passer commande']]);
  const chaman = service('CHAMAN', 'Chaman (canaux techniques)', 'PROTECTED', [
    ['gestion', 'Gestion des canaux'],
  ]);
  void portal;
  void contact;

  const organisation = (name: string, registryKind: RegistryKind, registryNumber: string, active: boolean) =>
    em.create(Organisation, {
      name,
      registryKind,
      registryNumber,
      status: active ? 'ACTIVE' : 'PENDING_ACTIVATION',
      activatedAt: active ? new Date() : null,
    });
  const agreement = (organisationId: string, reference: string, roles: { id: string }[]) => {
    const row = em.create(Agreement, { organisation: organisationId, reference, validFrom: today });
    for (const role of roles)
      em.create(AgreementItem, { agreement: row.id, organisation: organisationId, serviceRole: role.id });
  };
  const member = (
    organisationId: string,
    who: { id: string; firstName: string; lastName: string },
    units: string[] = [],
  ) => {
    const row = em.create(Member, {
      organisation: organisationId,
      person: who.id,
      openingDate: today,
      mobility: 'DESK',
      sortName: memberSortName(who),
    });
    for (const unit of units) em.create(MemberUnit, { member: row.id, unit, organisation: organisationId });
    // The organisation created this account, so it owns the identity while the person belongs nowhere else (rule 7).
    (who as IPerson).createdByOrganisation ??= organisationId;
    return row;
  };
  // Principal admins were named by the operator: no organisation created their accounts.
  const namedByOperator = (row: { person: string }) => {
    const named = em.getReference(Person, row.person) as unknown as IPerson;
    named.createdByOrganisation = null;
  };
  const adminRole = (
    organisationId: string,
    memberId: string,
    kind: AdminRoleKind,
    scope: { unit?: string; group?: string } = {},
  ) =>
    em.create(AdminRole, {
      organisation: organisationId,
      member: memberId,
      kind,
      unit: scope.unit ?? null,
      group: scope.group ?? null,
    });

  // Vaud: a commune with units, a referent, a substitute and a unit admin.
  const morges = organisation('Commune de Morges', 'IDE', 'CHE-109.624.383', true);
  agreement(morges.id, 'VD-2026-014', [
    billing.roles.consultation!,
    billing.roles.validation!,
    chaman.roles.gestion!,
  ]);
  const admin = em.create(Unit, { organisation: morges.id, name: 'Administration générale' });
  const population = em.create(Unit, {
    organisation: morges.id,
    parent: admin.id,
    name: 'Service de la population',
  });
  const finance = em.create(Unit, { organisation: morges.id, parent: admin.id, name: 'Service financier' });
  const claire = member(morges.id, person('Claire', 'Morel', 'claire.morel@morges.demo'), [admin.id]);
  const marc = member(morges.id, person('Marc', 'Favre', 'marc.favre@morges.demo'), [admin.id]);
  const julie = member(morges.id, person('Julie', 'Rochat', 'julie.rochat@morges.demo'), [admin.id]);
  const nadia = member(morges.id, person('Nadia', 'Keller', 'nadia.keller@morges.demo'), [population.id]);
  const yves = member(morges.id, person('Yves', 'Perret', 'yves.perret@morges.demo'), [finance.id]);
  member(morges.id, person('Lucie', 'Blanc', 'lucie.blanc@morges.demo'), [population.id]);
  adminRole(morges.id, claire.id, 'PRINCIPAL_ADMIN');
  namedByOperator(claire);
  adminRole(morges.id, marc.id, 'REFERENT');
  adminRole(morges.id, julie.id, 'SUBSTITUTE_REFERENT');
  adminRole(morges.id, nadia.id, 'UNIT_ADMIN', { unit: population.id });
  const accounting = em.create(Group, {
    organisation: morges.id,
    unit: finance.id,
    name: 'Comptabilité',
    manager: yves.id,
  });
  em.create(GroupMembership, { group: accounting.id, member: yves.id, organisation: morges.id });
  em.create(Grant, {
    organisation: morges.id,
    group: accounting.id,
    serviceRole: billing.roles.validation!.id,
  });

  // Caf: a partner organisation with its agreement, its partner administrator and a group with its manager.
  const lumiere = organisation('Centre social Lumière', 'SIREN', '452178965', true);
  agreement(lumiere.id, 'CAF-PART-2026-0042', [
    cdap.roles.consultation!,
    cdap.roles.saisie!,
    order.roles.commande!,
  ]);
  const paul = member(lumiere.id, person('Paul', 'Girard', 'paul.girard@lumiere.demo'));
  const sophie = member(lumiere.id, person('Sophie', 'Martin', 'sophie.martin@lumiere.demo'));
  const hugo = member(lumiere.id, person('Hugo', 'Lefèvre', 'hugo.lefevre@lumiere.demo'));
  adminRole(lumiere.id, paul.id, 'PRINCIPAL_ADMIN');
  namedByOperator(paul);
  const reception = em.create(Group, { organisation: lumiere.id, name: 'Accueil', manager: sophie.id });
  adminRole(lumiere.id, sophie.id, 'GROUP_MANAGER', { group: reception.id });
  em.create(GroupMembership, { group: reception.id, member: sophie.id, organisation: lumiere.id });
  em.create(GroupMembership, { group: reception.id, member: hugo.id, organisation: lumiere.id });
  em.create(Grant, {
    organisation: lumiere.id,
    group: reception.id,
    serviceRole: cdap.roles.consultation!.id,
  });

  // CSAM: a company whose principal access manager has not activated it yet.
  const leman = organisation('Transports Léman SA', 'ENTERPRISE_NUMBER', '0412345614', false);
  agreement(leman.id, 'CSAM-2026-77', [chaman.roles.gestion!, billing.roles.consultation!]);
  const anne = member(leman.id, person('Anne', 'Dupuis', 'anne.dupuis@leman.demo'));
  adminRole(leman.id, anne.id, 'PRINCIPAL_ADMIN');
  namedByOperator(anne);

  // Vaud: a person with a personal account and no organisation, ready to be attached.
  person('Léa', 'Dubois', 'lea.dubois@exemple.demo');
  // Orange ARD: a service request already waits in Morges, so its administrators find one in their list.
  const comment = 'Pour suppléer le référent lors du contrôle des factures.';
  const waiting = em.create(Request, {
    organisation: morges.id,
    type: 'SERVICE_ACCESS',
    state: 'SUBMITTED',
    requester: julie.person,
    subjectPerson: julie.person,
    subjectMember: julie.id,
    serviceRole: billing.roles.consultation!.id,
    payload: { comment },
  });
  em.create(RequestStep, {
    request: waiting.id,
    actor: julie.person,
    fromState: null,
    toState: 'SUBMITTED',
    comment,
  });
  await em.flush();
}
