import { DomainError } from '../errors';
import type { OrganisationStatus } from '../model';

/** What can happen to an organisation's status: its principal admin activates it, the operator suspends or reactivates it. */
export type OrganisationEvent = 'activate' | 'suspend' | 'reactivate';

/**
 * The status an organisation moves to, or null when the event does not apply. CSAM: a pending organisation is
 * activated once, by its principal admin. Caf: the operator may suspend an organisation at any time and lift
 * the suspension; lifting it returns to where it stood, so an organisation never activated stays pending.
 */
export function organisationTransition(
  status: OrganisationStatus,
  event: OrganisationEvent,
  everActivated: boolean,
): OrganisationStatus | null {
  switch (event) {
    case 'activate':
      return status === 'PENDING_ACTIVATION' ? 'ACTIVE' : null;
    case 'suspend':
      return status === 'SUSPENDED' ? null : 'SUSPENDED';
    case 'reactivate':
      if (status !== 'SUSPENDED') return null;
      return everActivated ? 'ACTIVE' : 'PENDING_ACTIVATION';
  }
}

/** Same as organisationTransition, but throws INVALID_TRANSITION when the event does not apply. */
export function assertOrganisationTransition(
  status: OrganisationStatus,
  event: OrganisationEvent,
  everActivated: boolean,
): OrganisationStatus {
  const next = organisationTransition(status, event, everActivated);
  if (next === null) {
    throw new DomainError('INVALID_TRANSITION', `An organisation that is ${status} cannot ${event}.`);
  }
  return next;
}
