import { describe, expect, it } from 'vitest';
import { auditChanges } from './changes';

describe('audit log changes', () => {
  it('shows a changed field with its translated label and values, and leaves an unchanged one out', () => {
    const details = [
      { field: 'groupId', kind: 'NAME' as const, before: ['Comptabilité'], after: ['Comptabilité'] },
      { field: 'blocked', kind: 'VALUE' as const, before: ['false'], after: ['true'] },
    ];
    expect(auditChanges(details, 'fr')).toEqual([
      { field: 'blocked', label: 'Bloqué', before: 'non', after: 'oui' },
    ]);
    expect(auditChanges(details, 'en')).toEqual([
      { field: 'blocked', label: 'Blocked', before: 'no', after: 'yes' },
    ]);
  });

  it('translates codes, formats dates per language and never shows an id', () => {
    const details = [
      { field: 'status', kind: 'VALUE' as const, before: ['ACTIVE'], after: ['ARCHIVED'] },
      { field: 'kind', kind: 'VALUE' as const, before: null, after: ['UNIT_ADMIN'] },
      { field: 'openingDate', kind: 'VALUE' as const, before: null, after: ['2026-03-12'] },
      { field: 'unitIds', kind: 'NAME' as const, before: null, after: ['Finances', null] },
      {
        field: 'person',
        kind: 'VALUE' as const,
        before: null,
        after: ['0b8f4d4e-2c1a-4c55-9a57-5f8a1c3e9d21'],
      },
      { field: 'filter.unitId', kind: 'NAME' as const, before: null, after: ['Population'] },
    ];
    expect(auditChanges(details, 'fr')).toEqual([
      { field: 'status', label: 'Statut', before: 'Actif', after: 'Archivé' },
      { field: 'kind', label: 'Rôle', before: null, after: 'Administrateur d’unité' },
      { field: 'openingDate', label: 'Date d’ouverture', before: null, after: '12 mars 2026' },
      { field: 'unitIds', label: 'Unités', before: null, after: 'Finances, (indisponible)' },
      { field: 'person', label: 'Personne', before: null, after: '(indisponible)' },
      { field: 'filter.unitId', label: 'Filtre · Unité', before: null, after: 'Population' },
    ]);
    expect(auditChanges(details, 'en')[2]).toEqual({
      field: 'openingDate',
      label: 'Opening date',
      before: null,
      after: '12 March 2026',
    });
  });

  it('an emptied list reads none', () => {
    expect(
      auditChanges([{ field: 'parentId', kind: 'NAME', before: ['Administration'], after: [] }], 'fr'),
    ).toEqual([{ field: 'parentId', label: 'Parent', before: 'Administration', after: 'aucun' }]);
  });
});
