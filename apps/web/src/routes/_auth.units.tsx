import { createFileRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../components/PlaceholderPage';

export const Route = createFileRoute('/_auth/units')({
  component: UnitsPage,
});

function UnitsPage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('nav.units')} />;
}
