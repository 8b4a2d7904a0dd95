import { Button } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CSRF_HEADERS } from '../urql';

/** Downloads a campaign's evidence (who decided what, when, why) as CSV, in the reader's language. */
export function ExportEvidenceButton({ campaignId }: { campaignId: string }) {
  const { t, i18n } = useTranslation();
  const [pending, setPending] = useState(false);
  const run = async () => {
    setPending(true);
    try {
      const url = new URL('/export/review-evidence.csv', window.location.origin);
      url.searchParams.set('campaignId', campaignId);
      url.searchParams.set('lang', i18n.language === 'en' ? 'en' : 'fr');
      const response = await fetch(url, { credentials: 'same-origin', headers: CSRF_HEADERS });
      if (!response.ok) throw new Error(String(response.status));
      const blob = await response.blob();
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `${t('reviews.evidenceFile')}-${new Date().toISOString().slice(0, 10)}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch {
      notifications.show({ color: 'red', message: t('reviews.evidenceFailed') });
    } finally {
      setPending(false);
    }
  };
  return (
    <Button
      variant="default"
      leftSection={<IconDownload size={16} aria-hidden="true" />}
      loading={pending}
      onClick={run}
    >
      {t('reviews.exportEvidence')}
    </Button>
  );
}
