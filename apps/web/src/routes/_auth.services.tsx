import { createFileRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../components/PlaceholderPage';

export const Route = createFileRoute('/_auth/services')({
  component: ServicesPage,
});

function ServicesPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('nav.services')} />;
}
