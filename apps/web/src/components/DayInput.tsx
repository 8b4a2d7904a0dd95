import { DateInput, type DateInputProps, DatesProvider } from '@mantine/dates';
import 'dayjs/locale/fr';
import 'dayjs/locale/en-gb';
import type { ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../i18n/language';
import { DAY_FORMAT, DAYJS_LOCALE, parseDay } from '../lib/day';

const languageOf = (language: string | undefined): Language => (language?.startsWith('en') ? 'en' : 'fr');

/**
 * The calendar's month and day names, first day of the week and the typed format follow the i18next language
 * (issue 18). Placed once under MantineProvider.
 */
export function DayInputProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language = languageOf(i18n.language);
  return (
    <DatesProvider settings={{ locale: DAYJS_LOCALE[language], firstDayOfWeek: 1 }}>{children}</DatesProvider>
  );
}

type DayInputProps = Omit<
  DateInputProps,
  'value' | 'onChange' | 'valueFormat' | 'dateParser' | 'minDate' | 'maxDate'
> & {
  /** the day as YYYY-MM-DD, '' for none: the same string the API receives */
  value: string;
  onChange: (day: string) => void;
  /** earliest and latest days that may be chosen, as YYYY-MM-DD */
  min?: string;
  max?: string;
  ref?: Ref<HTMLInputElement>;
};

/**
 * A calendar day: Mantine's DateInput (typed or picked in a calendar) in place of the native date input, with the
 * value kept as the YYYY-MM-DD string the forms already send.
 */
export function DayInput({ value, onChange, min, max, ...props }: DayInputProps) {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n.language);
  return (
    <DateInput
      {...props}
      value={value || null}
      onChange={(day) => onChange(day ?? '')}
      valueFormat={DAY_FORMAT[language]}
      dateParser={(text) => parseDay(text, language)}
      minDate={min || undefined}
      maxDate={max || undefined}
      placeholder={props.placeholder ?? t('dates.placeholder')}
      clearButtonProps={{ 'aria-label': t('dates.clear') }}
      allowDeselect={!props.required}
      clearable={!props.required}
    />
  );
}
