import { createFileRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../components/PlaceholderPage';

export const Route = createFileRoute('/_auth/organisations')({
  component: OrganisationsPage,
});

function OrganisationsPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('nav.organisations')} />;
}
