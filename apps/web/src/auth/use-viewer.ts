import { useRouteContext } from '@tanstack/react-router';
import { useSession } from './use-session';
import type { ViewerData } from './viewer';

/** The signed-in viewer inside the authenticated shell, following live changes such as a new acting context. */
export function useViewer(): ViewerData {
  const { viewer } = useSession();
  const { viewer: loaded } = useRouteContext({ from: '/_auth' });
  return viewer ?? loaded;
}
