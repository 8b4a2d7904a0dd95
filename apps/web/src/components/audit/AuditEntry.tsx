import { Badge, Button, Group, Paper, Text, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../i18n/language';
import { formatDateTime } from '../../lib/format';
import classes from './AuditEntry.module.css';
import { auditChanges } from './changes';
import { type AuditSentenceEvent, auditSentence } from './sentence';

export interface AuditEntryEvent extends AuditSentenceEvent {
  id: string;
  at: string;
  organisation?: { id: string; name: string } | null;
}

interface AuditEntryProps {
  event: AuditEntryEvent;
  language: Language;
  showOrganisation: boolean;
}

/** One event of the audit log: its sentence, when, and on demand the fields it changed. */
export function AuditEntry({ event, language, showOrganisation }: AuditEntryProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const changes = auditChanges(event.details, language);
  const changesId = `audit-changes-${event.id}`;
  return (
    <Paper component="li" withBorder px="md" py="sm" radius="md" className={classes.entry}>
      <Text fw={500}>{auditSentence(event, language)}</Text>
      <Group gap="xs" mt={2} wrap="wrap">
        <Text component="time" dateTime={event.at} c="dimmed" fz="sm">
          {formatDateTime(event.at, language)}
        </Text>
        {event.actingAs === 'OPERATOR' && (
          <Badge size="sm" variant="light" color="orange">
            {t('actingAs.OPERATOR')}
          </Badge>
        )}
        {showOrganisation && event.organisation && (
          <Text c="dimmed" fz="sm">
            {t('auditLog.organisation', { name: event.organisation.name })}
          </Text>
        )}
        {changes.length > 0 && (
          <Button
            variant="subtle"
            size="compact-sm"
            ml="auto"
            onClick={() => setOpen((o) => !o)}
            aria-expanded={open}
            aria-controls={changesId}
            rightSection={
              open ? (
                <IconChevronUp size={14} aria-hidden="true" />
              ) : (
                <IconChevronDown size={14} aria-hidden="true" />
              )
            }
          >
            {open ? t('auditLog.hideDetails') : t('auditLog.showDetails')}
          </Button>
        )}
      </Group>
      {changes.length > 0 && (
        <dl id={changesId} hidden={!open} className={classes.changes} aria-label={t('auditLog.changes')}>
          {changes.map((change) => (
            <ChangeRow key={change.field} {...change} />
          ))}
        </dl>
      )}
    </Paper>
  );
}

function ChangeRow({ label, before, after }: { label: string; before: string | null; after: string | null }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {before !== null && after !== null ? (
          <>
            <VisuallyHidden>{t('auditLog.before')} </VisuallyHidden>
            <span className={classes.before}>{before}</span>
            <span aria-hidden="true"> →</span>
            <VisuallyHidden> {t('auditLog.after')}</VisuallyHidden> {after}
          </>
        ) : (
          (after ?? before)
        )}
      </dd>
    </>
  );
}
