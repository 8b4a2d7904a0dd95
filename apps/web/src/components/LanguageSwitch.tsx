import { SegmentedControl, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Language, languages } from '../i18n/language';

/** FR/EN switch; each option is announced by its full name, in its own language. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = (languages as readonly string[]).includes(i18n.resolvedLanguage ?? '')
    ? (i18n.resolvedLanguage as Language)
    : 'fr';

  return (
    <SegmentedControl
      size="xs"
      aria-label={t('language.label')}
      value={current}
      onChange={(value) => void i18n.changeLanguage(value)}
      data={languages.map((language) => ({
        value: language,
        label: (
          <span lang={language}>
            <span aria-hidden="true">{language.toUpperCase()}</span>
            <VisuallyHidden>{t(`language.${language}`)}</VisuallyHidden>
          </span>
        ),
      }))}
    />
  );
}
