import { EvidenceBody } from '@vf/rules';
import {
  ActivityHeldRequest,
  AttendanceListRequest,
  DocumentCoveredRequest,
  DocumentReceivedRequest,
  JobApplicationsRequest,
} from './register-evidence.request.dto';

/** One kind of evidence as a request takes it: the class its body is validated against, and the evidence it makes. */
interface EvidenceRoute<R> {
  request: new () => R;
  body(request: R): EvidenceBody;
}

const route = <R>(r: EvidenceRoute<R>) => r;

/**
 * Each kind of evidence by the path segment that names it, as in POST /conditions/:id/evidence/<kind>.
 * A batch item names its kind the same way. Only the fields a request declares are carried on.
 */
export const EVIDENCE_ROUTES = {
  documents: route({
    request: DocumentReceivedRequest,
    body: ({ documentType, receivedOn, reference, outcome, rejectionReason }) => ({
      kind: 'DOCUMENT_RECEIVED',
      documentType,
      receivedOn,
      reference,
      outcome,
      rejectionReason,
    }),
  }),
  'covered-documents': route({
    request: DocumentCoveredRequest,
    body: (b) => ({ kind: 'DOCUMENT_COVERED', coveredBy: b.coveredBy, note: b.note }),
  }),
  'attendance-lists': route({
    request: AttendanceListRequest,
    body: (b) => ({
      kind: 'ATTENDANCE_LIST',
      provider: b.provider,
      signedBy: b.signedBy,
      signedOn: b.signedOn,
      entries: b.entries.map((e) => ({ date: e.date, status: e.status, ...(e.reason ? { reason: e.reason } : {}) })),
    }),
  }),
  'job-applications': route({
    request: JobApplicationsRequest,
    body: (b) => ({
      kind: 'JOB_APPLICATIONS',
      applications: b.applications.map(({ employer, position, sentOn, channel, copyReference }) => ({
        employer,
        position,
        sentOn,
        channel,
        copyReference,
      })),
    }),
  }),
  activities: route({
    request: ActivityHeldRequest,
    body: (b) => ({ kind: 'ACTIVITY_HELD', heldOn: b.heldOn, note: b.note }),
  }),
};

export type EvidenceRouteName = keyof typeof EVIDENCE_ROUTES;
export const EVIDENCE_ROUTE_NAMES = Object.keys(EVIDENCE_ROUTES) as EvidenceRouteName[];

/** The class a request of this kind is validated against. */
export const evidenceRequestClass = (kind: EvidenceRouteName): new () => object => EVIDENCE_ROUTES[kind].request;

/** The evidence a validated request of this kind makes. */
export const evidenceBodyOf = (kind: EvidenceRouteName, request: object): EvidenceBody =>
  (EVIDENCE_ROUTES[kind] as EvidenceRoute<object>).body(request);
