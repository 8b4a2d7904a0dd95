/**
 * The live channel's message (a port): services return these for the code that commits their transaction, which
 * publishes them through live/ (in process, or through Redis). Modules never import live/ itself.
 */
/** What travels on the live channel: enough to route and re-check, never the data itself. */
export interface LiveEvent {
  kind: 'REQUEST_SUBMITTED' | 'REQUEST_DECIDED' | 'REQUEST_CANCELLED' | 'NOTIFICATION' | 'SESSION_REVOKED';
  organisationId: string | null;
  requestId?: string;
  /** whom the event is about (the requester, the notified people): a routing hint, re-checked per subscriber */
  personIds?: string[];
  notificationIds?: string[];
  /** SESSION_REVOKED: the sessions that just ended (ids are token hashes, never the cookie secrets) */
  sessionIds?: string[];
}
