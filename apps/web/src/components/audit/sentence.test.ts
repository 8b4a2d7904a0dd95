import { AUDIT_ACTIONS, AUDIT_FAMILIES } from '@tessera/domain';
import { describe, expect, it } from 'vitest';
import { auditEn } from '../../i18n/audit.en';
import { auditFr } from '../../i18n/audit.fr';
import { type AuditSentenceEvent, auditMessage, auditSentence } from './sentence';

const event = (action: string, extra: Partial<AuditSentenceEvent> = {}): AuditSentenceEvent => ({
  action,
  actingAs: 'MEMBER',
  actorName: 'Claire Morel',
  targetType: 'Member',
  targetName: 'Léa Dubois',
  details: [],
  ...extra,
});

describe('audit log sentences', () => {
  it('every action code of the domain has a sentence in French and in English', () => {
    for (const action of AUDIT_ACTIONS) {
      expect(auditMessage(action, 'fr'), `fr ${action}`).toBeTypeOf('string');
      expect(auditMessage(action, 'en'), `en ${action}`).toBeTypeOf('string');
    }
  });

  it('no sentence is left for a code the domain does not list', () => {
    const listed = new Set<string>(AUDIT_ACTIONS);
    for (const texts of [auditFr, auditEn])
      for (const [family, sentences] of Object.entries(texts.auditSentence))
        for (const name of Object.keys(sentences)) expect(listed.has(`${family}.${name}`), name).toBe(true);
  });

  it('every family of actions has a label in both languages', () => {
    for (const family of AUDIT_FAMILIES) {
      expect((auditFr.auditFamily as Record<string, string>)[family], family).toBeTruthy();
      expect((auditEn.auditFamily as Record<string, string>)[family], family).toBeTruthy();
    }
  });

  it('every code reads as a sentence naming no raw code, even with nothing recorded', () => {
    for (const action of AUDIT_ACTIONS)
      for (const language of ['fr', 'en'] as const) {
        const text = auditSentence(event(action, { details: [] }), language);
        expect(text, `${language} ${action}`).not.toContain(action);
        expect(text, `${language} ${action}`).not.toMatch(/[{}]/);
      }
  });

  it('names who blocked whom in which group', () => {
    const blocked = event('member.blocked-in-group', {
      details: [
        { field: 'groupId', kind: 'NAME', before: ['Urbanisme'], after: ['Urbanisme'] },
        { field: 'blocked', kind: 'VALUE', before: ['false'], after: ['true'] },
      ],
    });
    expect(auditSentence(blocked, 'fr')).toBe('Claire Morel a bloqué Léa Dubois dans le groupe Urbanisme');
    expect(auditSentence(blocked, 'en')).toBe('Claire Morel blocked Léa Dubois in the group Urbanisme');
  });

  it('elides de before a vowel and takes the possessive in English', () => {
    const created = event('person.created', { targetType: 'Person', targetName: 'Élodie Roux' });
    expect(auditSentence(created, 'fr')).toBe('Claire Morel a créé le compte d’Élodie Roux');
    expect(auditSentence(created, 'en')).toBe('Claire Morel created Élodie Roux’s account');
    const forced = event('member.password-change-forced', { targetName: 'Yves Perret' });
    expect(auditSentence(forced, 'fr')).toBe(
      'Claire Morel a imposé le changement du mot de passe d’Yves Perret',
    );
    const approved = event('request.approved', { targetType: 'Request', targetName: 'Julie Rochat' });
    expect(auditSentence(approved, 'fr')).toBe('Claire Morel a approuvé la demande de Julie Rochat');
  });

  it('says what a request asked for', () => {
    const submitted = event('request.submitted', {
      actorName: 'Julie Rochat',
      targetType: 'Request',
      targetName: 'Julie Rochat',
      details: [
        { field: 'type', kind: 'VALUE', before: null, after: ['SERVICE_ACCESS'] },
        { field: 'serviceRoleId', kind: 'NAME', before: null, after: ['Facturation · Validation'] },
      ],
    });
    expect(auditSentence(submitted, 'fr')).toBe(
      'Julie Rochat a déposé une demande d’accès au rôle Facturation · Validation',
    );
    expect(auditSentence(submitted, 'en')).toBe(
      'Julie Rochat submitted a request for access to the role Facturation · Validation',
    );
  });

  it('lists several units and counts them, and a rename reads both names', () => {
    const attached = event('member.attached-to-units', {
      details: [{ field: 'unitIds', kind: 'NAME', before: null, after: ['Finances', 'Population'] }],
    });
    expect(auditSentence(attached, 'fr')).toBe(
      'Claire Morel a rattaché Léa Dubois aux unités Finances et Population',
    );
    expect(auditSentence(attached, 'en')).toBe(
      'Claire Morel attached Léa Dubois to the units Finances and Population',
    );
    const renamed = event('unit.renamed', {
      targetType: 'Unit',
      targetName: 'Urbanisme et mobilité',
      details: [{ field: 'name', kind: 'VALUE', before: ['Urbanisme'], after: ['Urbanisme et mobilité'] }],
    });
    expect(auditSentence(renamed, 'fr')).toBe(
      'Claire Morel a renommé l’unité Urbanisme en Urbanisme et mobilité',
    );
    expect(auditSentence(renamed, 'en')).toBe(
      'Claire Morel renamed the unit Urbanisme to Urbanisme et mobilité',
    );
  });

  it('reads the system, an unknown person and a deleted name without showing an id', () => {
    const destroyed = event('request.destroyed', {
      actingAs: 'SYSTEM',
      actorName: null,
      targetType: 'Request',
      targetName: null,
    });
    expect(auditSentence(destroyed, 'fr')).toBe(
      'La demande de quelqu’un a été détruite au terme de sa durée de conservation',
    );
    const removed = event('member.removed-from-group', {
      details: [{ field: 'groupId', kind: 'NAME', before: [null], after: null }],
    });
    expect(auditSentence(removed, 'fr')).toBe('Claire Morel a retiré Léa Dubois du groupe (indisponible)');
    const moved = event('unit.moved', {
      targetType: 'Unit',
      targetName: 'Finances',
      details: [{ field: 'parentId', kind: 'NAME', before: ['Administration'], after: [] }],
    });
    expect(auditSentence(moved, 'fr')).toBe('Claire Morel a déplacé l’unité Finances au premier niveau');
    expect(auditSentence(moved, 'en')).toBe('Claire Morel moved the unit Finances to the top level');
  });
});
