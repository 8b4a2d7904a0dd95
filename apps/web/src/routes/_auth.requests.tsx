import { createFileRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../components/PlaceholderPage';

export const Route = createFileRoute('/_auth/requests')({
  component: RequestsPage,
});

function RequestsPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('nav.requests')} />;
}
