import { IntlMessageFormat } from 'intl-messageformat';
import { auditEn } from '../../i18n/audit.en';
import { auditFr } from '../../i18n/audit.fr';
import { intlLocale, type Language } from '../../i18n/language';
import { englishPossessive, frenchDe } from '../../lib/elision';

/** What a sentence of the audit log is made of: the fields of AuditEvent the page asks for. */
export interface AuditSentenceEvent {
  action: string;
  actingAs: string;
  actorName?: string | null;
  /** the delegator, when the actor acted under a delegation ("X on behalf of Y") */
  onBehalfOfName?: string | null;
  targetType: string;
  targetName?: string | null;
  details: readonly AuditSentenceDetail[];
}

export interface AuditSentenceDetail {
  field: string;
  kind: 'NAME' | 'VALUE';
  before?: readonly (string | null)[] | null;
  after?: readonly (string | null)[] | null;
}

const texts = { fr: auditFr, en: auditEn } as const;

/** Targets that are a person (a member, an admin role, a request by its requester, an invitation by its address). */
const PERSON_TARGETS = new Set(['Member', 'Person', 'AdminRole', 'Request', 'Invitation', 'Delegation']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The message of an action code in a language, or undefined when it has none (`member.blocked` → nested). */
export function auditMessage(action: string, language: Language): string | undefined {
  const dot = action.indexOf('.');
  if (dot < 0) return undefined;
  const family = (texts[language].auditSentence as Record<string, Record<string, string> | undefined>)[
    action.slice(0, dot)
  ];
  const message = family?.[action.slice(dot + 1)];
  return typeof message === 'string' ? message : undefined;
}

/** The name of a detail's field in sentences and labels: its id suffix dropped (`groupId` → `group`, `unitIds` → `units`). */
export function detailName(field: string): string {
  const last = field.slice(field.lastIndexOf('.') + 1);
  return last.replace(/Ids$/, 's').replace(/Id$/, '');
}

function listFormat(values: string[], language: Language): string {
  return new Intl.ListFormat(intlLocale(language), { style: 'long', type: 'conjunction' }).format(values);
}

/** The shown values of one side: names (an unknown one says so), never an id. */
function shown(values: readonly (string | null)[] | null | undefined, unavailable: string): string[] {
  return (values ?? []).map((value) => (value === null || UUID.test(value) ? unavailable : value));
}

/** The ICU arguments of an event's sentence in a language (see audit.fr.ts for their names). */
export function sentenceArguments(
  event: AuditSentenceEvent,
  language: Language,
): Record<string, string | number> {
  const log = texts[language].auditLog;
  const who = event.actorName ?? (event.actingAs === 'SYSTEM' ? log.system : log.someone);
  // An action under a delegation: "Yves Perret on behalf of Marc Favre blocked …"
  const actor = event.onBehalfOfName
    ? (new IntlMessageFormat(log.onBehalfOf, intlLocale(language)).format({
        actor: who,
        delegator: event.onBehalfOfName,
      }) as string)
    : who;
  const target = event.targetName ?? (PERSON_TARGETS.has(event.targetType) ? log.someone : log.unnamed);
  const args: Record<string, string | number> = {
    actor,
    target,
    targetOf:
      language === 'fr'
        ? frenchDe(event.targetName ?? (PERSON_TARGETS.has(event.targetType) ? 'quelqu’un' : target))
        : englishPossessive(target),
  };
  for (const detail of event.details) {
    const name = detailName(detail.field);
    const before = shown(detail.before, log.unavailable);
    const after = shown(detail.after, log.unavailable);
    const current = detail.after != null ? after : before;
    const join = (values: string[]) => (values.length ? listFormat(values, language) : log.none);
    args[`${name}Before`] = join(before);
    args[`${name}After`] = join(after);
    args[`${name}Count`] = current.length;
    // A lone number is a number (plural), anything else the words to show.
    const only = current.length === 1 ? current[0] : undefined;
    args[name] = only !== undefined && /^-?\d+$/.test(only) ? Number(only) : join(current);
  }
  return args;
}

type Element = ReturnType<IntlMessageFormat['getAst']>[number];

/** The arguments a message uses, with whether each is a number (plural) or words. */
function argumentsOf(elements: readonly Element[], out = new Map<string, boolean>()) {
  for (const element of elements) {
    if ('value' in element && typeof element.value === 'string' && element.type !== 0)
      out.set(element.value, out.get(element.value) === true || element.type === 6 || element.type === 2);
    if ('options' in element)
      for (const option of Object.values(element.options)) argumentsOf(option.value, out);
    if ('children' in element) argumentsOf(element.children, out);
  }
  return out;
}

const formats = new Map<string, IntlMessageFormat>();

/**
 * The sentence of an audit event in a language, e.g. "Claire Morel a bloqué Yves Perret dans le groupe
 * Comptabilité". An argument the event did not record reads as unavailable (a count as zero), so an older event
 * still reads; a code without a message (none, since the test over AUDIT_ACTIONS) shows the code.
 */
export function auditSentence(event: AuditSentenceEvent, language: Language): string {
  const message = auditMessage(event.action, language);
  if (!message) return event.action;
  const key = `${language}:${event.action}`;
  let format = formats.get(key);
  if (!format) {
    format = new IntlMessageFormat(message, intlLocale(language));
    formats.set(key, format);
  }
  const args = sentenceArguments(event, language);
  for (const [name, numeric] of argumentsOf(format.getAst()))
    if (!(name in args)) args[name] = numeric ? 0 : texts[language].auditLog.unavailable;
  return String(format.format(args));
}
