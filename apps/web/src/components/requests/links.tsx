import { Button, type ButtonProps, Card, type CardProps } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import type { AnchorHTMLAttributes, Ref } from 'react';

type Anchor<P> = P &
  Omit<AnchorHTMLAttributes<HTMLAnchorElement>, keyof P> & { ref?: Ref<HTMLAnchorElement> };

function ButtonAnchor(props: Anchor<ButtonProps>) {
  return <Button component="a" {...props} />;
}

function CardAnchor(props: Anchor<CardProps>) {
  return <Card component="a" {...props} />;
}

/** A Mantine button that is a typed router link. */
export const ButtonLink = createLink(ButtonAnchor);
/** A Mantine card that is a typed router link. */
export const CardLink = createLink(CardAnchor);
