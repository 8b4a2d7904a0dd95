import { createFileRoute } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { PlaceholderPage } from '../components/PlaceholderPage';

export const Route = createFileRoute('/_auth/catalogue')({
  component: CataloguePage,
});

function CataloguePage() {
  const { t } = useTranslation();
  return <PlaceholderPage title={t('nav.catalogue')} />;
}
