import type { RequestType } from '@tessera/domain';
import type { EmailPayload } from '../outbox/outbox-message.entity.js';
import { bilingualEmail } from '../people/mails.js';

/** The request's kind after "demande", with the preposition elided where French needs it ("demande d’accès"). */
const OF_TYPE_FR: Record<RequestType, string> = {
  ATTACHMENT: 'de rattachement',
  ACCOUNT_CREATION: 'de création de compte (inscription)',
  SERVICE_ACCESS: 'd’accès à un service',
  ROLE_CHANGE: 'de changement de rôle',
};
/** The request's kind with its English article ("an account creation request"). */
const A_TYPE_EN: Record<RequestType, string> = {
  ATTACHMENT: 'an attachment',
  ACCOUNT_CREATION: 'an account creation',
  SERVICE_ACCESS: 'a service access',
  ROLE_CHANGE: 'a role change',
};
const TYPE_EN: Record<RequestType, string> = {
  ATTACHMENT: 'attachment',
  ACCOUNT_CREATION: 'account creation',
  SERVICE_ACCESS: 'service access',
  ROLE_CHANGE: 'role change',
};

export interface RequestSummary {
  type: RequestType;
  requesterName: string;
  organisationName: string;
  /** "Service — role" for service requests */
  service: string | null;
  comment: string | null;
  link: string;
}

/** To an administrator in scope: a new request waits for its decision (Orange: notified by e-mail). */
export function requestSubmittedEmail(to: string, firstName: string, request: RequestSummary): EmailPayload {
  const quote = request.comment ? [`« ${request.comment} »`, ''] : [];
  const quoteEn = request.comment ? [`“${request.comment}”`, ''] : [];
  return bilingualEmail(to, {
    fr: {
      subject: `Nouvelle demande ${OF_TYPE_FR[request.type]} à traiter`,
      body: [
        `Bonjour ${firstName},`,
        '',
        `${request.requesterName} a déposé une demande ${OF_TYPE_FR[request.type]} pour ${request.organisationName}.`,
        ...(request.service ? [`Service demandé : ${request.service}`] : []),
        '',
        ...quote,
        'Acceptez-la ou refusez-la depuis la liste des demandes en attente :',
        request.link,
      ],
    },
    en: {
      subject: `New ${TYPE_EN[request.type]} request to decide`,
      body: [
        `Hello ${firstName},`,
        '',
        `${request.requesterName} submitted ${A_TYPE_EN[request.type]} request for ${request.organisationName}.`,
        ...(request.service ? [`Requested service: ${request.service}`] : []),
        '',
        ...quoteEn,
        'Approve or refuse it from the list of pending requests:',
        request.link,
      ],
    },
  });
}

/** To the requester: the decision on its request, with the administrator's comment. */
export function requestDecidedEmail(
  to: string,
  firstName: string,
  request: RequestSummary & { approved: boolean; decisionComment: string | null },
): EmailPayload {
  const fr = request.approved ? 'acceptée' : 'refusée';
  const en = request.approved ? 'approved' : 'refused';
  const joined = request.approved && request.type === 'ACCOUNT_CREATION';
  return bilingualEmail(to, {
    fr: {
      subject: `Votre demande ${OF_TYPE_FR[request.type]} a été ${fr}`,
      body: [
        `Bonjour ${firstName},`,
        '',
        `Votre demande ${OF_TYPE_FR[request.type]} auprès de l’organisation ${request.organisationName} a été ${fr}.`,
        ...(request.service ? [`Service : ${request.service}`] : []),
        ...(request.decisionComment ? ['', `Commentaire : « ${request.decisionComment} »`] : []),
        ...(joined
          ? ['', 'À votre prochaine connexion, vous pourrez agir pour le compte de cette organisation.']
          : []),
        '',
        'Le détail et l’historique de la demande sont dans « Mes demandes » :',
        request.link,
      ],
    },
    en: {
      subject: `Your ${TYPE_EN[request.type]} request was ${en}`,
      body: [
        `Hello ${firstName},`,
        '',
        `Your ${TYPE_EN[request.type]} request to ${request.organisationName} was ${en}.`,
        ...(request.service ? [`Service: ${request.service}`] : []),
        ...(request.decisionComment ? ['', `Comment: “${request.decisionComment}”`] : []),
        ...(joined ? ['', 'At your next sign-in you can act for this organisation.'] : []),
        '',
        'The details and history of the request are under “My requests”:',
        request.link,
      ],
    },
  });
}
