import { schemaResolver } from '@mantine/form';
import { type FormIssue, formIssueOf } from '@tessera/domain';
import type { ReactNode } from 'react';
import type { z } from 'zod';

/**
 * The validation of a `useForm` from one of the domain's form schemas (Mantine's Standard Schema resolver, which
 * zod 4 speaks). A field's error is a code — the schema's `required` / `tooLong`, `invalid` for anything else, or
 * one the screen sets from the API's answer — and `issueText` says it in the reader's language.
 */
export function domainResolver(schema: z.ZodType) {
  const resolve = schemaResolver(schema, { sync: true });
  return (values: unknown) =>
    Object.fromEntries(
      Object.entries(resolve(values)).map(([field, message]) => [
        field,
        typeof message === 'string' ? formIssueOf(message) : message,
      ]),
    );
}

/**
 * The sentence for a field's error: the screen's sentence for its code; `invalid`'s for a schema code the screen
 * did not name; an error that is already a sentence (a request that failed) as it is.
 */
export function issueText(
  error: ReactNode,
  messages: Partial<Record<FormIssue | (string & {}), string>>,
): ReactNode {
  if (!error) return undefined;
  if (typeof error !== 'string') return error;
  const schemaCode = error === 'required' || error === 'tooLong' || error === 'invalid';
  return messages[error] ?? (schemaCode ? (messages.invalid ?? error) : error);
}
