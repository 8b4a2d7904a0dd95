import { z } from 'zod';
import { emailSchema } from './people/email';

/**
 * The schemas of the SPA's forms, checked in the browser before a request and meaning what the API checks. Their
 * issues carry a code, never a sentence: the screen says it in the reader's language.
 */
export type FormIssue = 'required' | 'invalid' | 'tooLong';

export const UNIT_NAME_MAX_LENGTH = 200;
export const GROUP_NAME_MAX_LENGTH = 120;

const requiredText = (max: number) =>
  z.string().trim().min(1, { error: 'required' }).max(max, { error: 'tooLong' });

/** A required e-mail address; any other issue of a malformed one reads as `invalid`. */
const requiredEmail = z.string().trim().min(1, { error: 'required' }).pipe(emailSchema);

/** The name of a unit (create, rename). */
export const unitNameFormSchema = z.object({ name: requiredText(UNIT_NAME_MAX_LENGTH) });

/** The name of a group. */
export const groupNameSchema = requiredText(GROUP_NAME_MAX_LENGTH);

/** Sign-in: an e-mail address and a password, both required. */
export const signInFormSchema = z.object({
  email: requiredEmail,
  password: z.string().min(1, { error: 'required' }),
});

/** A person's new backup address, required (removing it is another action). */
export const newBackupEmailFormSchema = z.object({ backupEmail: requiredEmail });

/** A backup address an administrator sets: an e-mail address, or nothing to remove it. */
export const backupEmailFormSchema = z.object({
  backupEmail: z.union([z.string().trim().length(0), emailSchema], { error: 'invalid' }),
});

/** The code of a form issue as a schema above reports it: its own code, else `invalid` (zod's own sentences). */
export function formIssueOf(message: string): FormIssue {
  return message === 'required' || message === 'tooLong' ? message : 'invalid';
}
