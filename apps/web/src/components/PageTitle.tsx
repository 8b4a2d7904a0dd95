import { Title, type TitleProps } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

let initialPageShown = false;

interface PageTitleProps extends Omit<TitleProps, 'order' | 'children'> {
  children: string;
  /** Shorter name for the browser tab, when the heading is a sentence. */
  documentTitle?: string;
}

/**
 * The page's h1. It names the browser tab and, after an in-app navigation, takes focus
 * so screen readers announce the new page and keyboard users start from its top.
 */
export function PageTitle({ children, documentTitle, className, ...props }: PageTitleProps) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useTranslation();

  useEffect(() => {
    document.title = `${documentTitle ?? children} · ${t('app.name')}`;
  }, [children, documentTitle, t]);

  useEffect(() => {
    if (initialPageShown) ref.current?.focus();
    initialPageShown = true;
  }, []);

  return (
    <Title
      order={1}
      ref={ref}
      tabIndex={-1}
      className={['page-title', className].filter(Boolean).join(' ')}
      {...props}
    >
      {children}
    </Title>
  );
}
