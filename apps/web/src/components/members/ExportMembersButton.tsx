import { Button, Group, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconX } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CSRF_HEADERS } from '../../urql';

export interface ExportFilter {
  search?: string;
  status?: string;
  unitId?: string;
  groupId?: string;
}

/**
 * Downloads the members with the services each holds as CSV (Orange). The file is read as it streams, so a long
 * export shows how many members have arrived out of the total, and can be cancelled.
 */
export function ExportMembersButton({
  organisationId,
  filter,
}: {
  organisationId: string;
  filter: ExportFilter;
}) {
  const { t, i18n } = useTranslation();
  const [progress, setProgress] = useState<{ rows: number; total: number | null } | null>(null);
  const abort = useRef<AbortController | null>(null);

  async function run() {
    const url = new URL('/export/members.csv', window.location.origin);
    url.searchParams.set('organisationId', organisationId);
    url.searchParams.set('lang', i18n.language === 'en' ? 'en' : 'fr');
    for (const [key, value] of Object.entries(filter)) if (value) url.searchParams.set(key, value);
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ rows: 0, total: null });
    try {
      const response = await fetch(url, {
        credentials: 'same-origin',
        headers: CSRF_HEADERS,
        signal: controller.signal,
      });
      if (!response.ok || !response.body) throw new Error(String(response.status));
      const header = response.headers.get('x-member-count');
      const total = header === null ? null : Number(header);
      const reader = response.body.getReader();
      const parts: BlobPart[] = [];
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value);
        for (const byte of value) if (byte === 10) lines++;
        // The first line is the header row.
        setProgress({ rows: Math.max(0, lines - 1), total });
      }
      const blob = new Blob(parts, { type: 'text/csv;charset=utf-8' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `${t('exportMembers.fileName')}-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      notifications.show({
        color: 'teal',
        message: t('exportMembers.done', { count: Math.max(0, lines - 1) }),
      });
    } catch (error) {
      if (!controller.signal.aborted)
        notifications.show({ color: 'red', message: t('exportMembers.failed') });
      void error;
    } finally {
      abort.current = null;
      setProgress(null);
    }
  }

  if (progress) {
    const percent = progress.total ? Math.min(100, (progress.rows / progress.total) * 100) : null;
    return (
      <Stack gap={4} miw={220} role="status" aria-live="polite">
        <Group justify="space-between" gap="xs" wrap="nowrap">
          <Text fz="sm">
            {progress.total !== null
              ? t('exportMembers.progress', { rows: progress.rows, total: progress.total })
              : t('exportMembers.progressUnknown', { rows: progress.rows })}
          </Text>
          <Button
            size="compact-xs"
            variant="subtle"
            color="gray"
            leftSection={<IconX size={12} aria-hidden="true" />}
            onClick={() => abort.current?.abort()}
          >
            {t('exportMembers.cancel')}
          </Button>
        </Group>
        <Progress
          value={percent ?? 100}
          animated={percent === null}
          aria-label={t('exportMembers.progressLabel')}
        />
      </Stack>
    );
  }
  return (
    <Button
      variant="default"
      leftSection={<IconDownload size={16} aria-hidden="true" />}
      onClick={() => void run()}
    >
      {t('exportMembers.button')}
    </Button>
  );
}
