import type { ViewerData } from './viewer';

type ViewerState = Pick<
  ViewerData,
  'acting' | 'isOperatorAdmin' | 'memberships' | 'mustChangePassword' | 'mustAcceptTerms'
>;

/** Contexts a person may act in: each organisation they belong to, plus the operator for its administrators. */
export function actingOptionCount(viewer: ViewerState): number {
  return viewer.memberships.length + (viewer.isOperatorAdmin ? 1 : 0);
}

/**
 * Where a signed-in person must go before using the console: the first sign-in steps,
 * then the choice of an acting context when there is one to make; null when the console is ready.
 */
export function requiredStep(viewer: ViewerState): '/first-sign-in' | '/choose-organisation' | null {
  if (viewer.mustChangePassword || viewer.mustAcceptTerms) return '/first-sign-in';
  if (!viewer.acting && actingOptionCount(viewer) > 0) return '/choose-organisation';
  return null;
}
