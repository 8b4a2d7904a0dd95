import { auditEn } from '../../i18n/audit.en';
import { auditFr } from '../../i18n/audit.fr';
import { en } from '../../i18n/en';
import { fr } from '../../i18n/fr';
import type { Language } from '../../i18n/language';
import { formatDateTime, formatDay } from '../../lib/format';
import { type AuditSentenceDetail, detailName } from './sentence';

/** One changed field of an event, ready to read: its label and its values before and after (null: not recorded). */
export interface AuditChange {
  field: string;
  label: string;
  before: string | null;
  after: string | null;
}

const resources = { fr, en } as const;
const texts = { fr: auditFr, en: auditEn } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** The label of a field: `filter.unitId` → "Filtre · Unité"; an unknown field keeps its own words. */
function labelOf(field: string, language: Language): string {
  const labels = texts[language].auditField as Record<string, string>;
  return field
    .split('.')
    .map((part) => {
      const name = detailName(part);
      return labels[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    })
    .join(' · ');
}

/** One recorded value, in words: a code translated, a date formatted, an id never shown. */
function valueText(field: string, value: string | null, language: Language): string {
  const log = texts[language].auditLog;
  if (value === null || UUID.test(value)) return log.unavailable;
  const name = detailName(field);
  const values = texts[language].auditValue as unknown as Record<string, Record<string, string> | string>;
  const own = values[name];
  if (typeof own === 'object' && own[value]) return own[value];
  if (name === 'kind') return (resources[language].adminRoleKind as Record<string, string>)[value] ?? value;
  if (name === 'registryKind')
    return (resources[language].registryKind as Record<string, string>)[value] ?? value;
  if (value === 'true' || value === 'false') return values[value] as string;
  if (DAY.test(value)) return formatDay(value, language);
  if (INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return formatDateTime(value, language);
  return value;
}

function side(
  detail: AuditSentenceDetail,
  values: readonly (string | null)[] | null | undefined,
  language: Language,
): string | null {
  if (values == null) return null;
  const log = texts[language].auditLog;
  if (values.length === 0) return log.none;
  const words =
    detail.kind === 'NAME'
      ? values.map((v) => (v === null || UUID.test(v) ? log.unavailable : v))
      : values.map((v) => valueText(detail.field, v, language));
  return words.join(', ');
}

/**
 * The fields an event changed, in words: a field recorded the same before and after is left out (it is context,
 * already in the sentence), one recorded on one side only is shown on that side.
 */
export function auditChanges(details: readonly AuditSentenceDetail[], language: Language): AuditChange[] {
  const changes: AuditChange[] = [];
  for (const detail of details) {
    const before = side(detail, detail.before, language);
    const after = side(detail, detail.after, language);
    if (before === null && after === null) continue;
    if (before !== null && after !== null && before === after) continue;
    changes.push({ field: detail.field, label: labelOf(detail.field, language), before, after });
  }
  return changes;
}
