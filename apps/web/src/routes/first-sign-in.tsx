import { Button, Card, Container, Group, Stack, Text } from '@mantine/core';
import { IconLogout } from '@tabler/icons-react';
import { createFileRoute, redirect } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../auth/sign-out';
import { Brand } from '../components/Brand';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageTitle } from '../components/PageTitle';
import { mainContentId } from '../components/SkipLink';

export const Route = createFileRoute('/first-sign-in')({
  beforeLoad: async ({ context, location }) => {
    const viewer = await context.auth.load();
    if (!viewer) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    if (!viewer.mustChangePassword && !viewer.mustAcceptTerms) throw redirect({ to: '/' });
  },
  component: FirstSignInPage,
});

function FirstSignInPage() {
  const { t } = useTranslation();
  const { signOut, pending } = useSignOut();
  return (
    <Container size="sm" py="xl">
      <Group component="header" justify="space-between" mb={48}>
        <Brand />
        <LanguageSwitch />
      </Group>
      <Card component="main" id={mainContentId} tabIndex={-1} p="xl">
        <Stack>
          <PageTitle>{t('firstSignIn.title')}</PageTitle>
          <Text>{t('firstSignIn.description')}</Text>
          <Button
            variant="default"
            w="fit-content"
            leftSection={<IconLogout size={16} aria-hidden="true" />}
            loading={pending}
            onClick={() => void signOut()}
          >
            {t('shell.signOut')}
          </Button>
        </Stack>
      </Card>
    </Container>
  );
}
