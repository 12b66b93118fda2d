// The browser's one door: /api/<service>/<path> on its own origin, with the session cookie.
// The token itself never reaches this code.

export type Service = 'decision' | 'follow-up' | 'payout';

export interface FieldError {
  field: string;
  reason: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[],
  ) {
    super(message);
  }
}

const CSRF = { 'x-requested-with': 'vilkarsflyt-web' };
const IDEMPOTENCY_KEY = 'Idempotency-Key';

/** Called when the session is gone (401): the app shows the sign-in page. */
let onSignedOut: () => void = () => undefined;
export const whenSignedOut = (f: () => void) => {
  onSignedOut = f;
};

async function call<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      credentials: 'same-origin',
      ...init,
      headers: { accept: 'application/json', ...CSRF, ...(init.headers ?? {}) },
    });
  } catch {
    throw new ApiError(0, 'Fikk ikke kontakt med Vilkårsflyt. Sjekk nettverket og prøv igjen.', []);
  }
  if (res.status === 204) return undefined as T;
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401) onSignedOut();
    if (res.status === 422 && Array.isArray(body?.errors) && body.errors.some((e: FieldError) => e.field === IDEMPOTENCY_KEY))
      throw new ApiError(422, 'Dette er allerede sendt, med annet innhold. Last siden på nytt og se hva som ble lagret.', []);
    throw new ApiError(res.status, messageFor(res.status), Array.isArray(body?.errors) ? body.errors : []);
  }
  return body as T;
}

/** What the status means to the person at the screen. The field errors say the rest. */
export function messageFor(status: number): string {
  switch (status) {
    case 400:
      return 'Noe i skjemaet må rettes.';
    case 401:
      return 'Du er ikke logget inn, eller innloggingen har gått ut.';
    case 403:
      return 'Du har ikke tilgang til dette.';
    case 404:
      return 'Fant ikke det du så etter.';
    case 409:
      return 'Det lar seg ikke gjøre nå: saken har endret seg. Last siden på nytt og se hva som gjelder.';
    case 422:
      return 'Reglene tillater ikke dette.';
    case 502:
    case 504:
      return 'En tjeneste i Vilkårsflyt svarer ikke akkurat nå. Prøv igjen om litt.';
    default:
      return 'Noe gikk galt. Prøv igjen om litt.';
  }
}

export const get = <T>(service: Service, path: string) => call<T>(`/api/${service}${path}`);

/**
 * Every row of a paged list (`?limit=&cursor=`, answered with `nextCursor`), following the cursor page
 * by page, at most `maxPages` pages of 200: the lists a screen shows whole (a case's conditions,
 * payments, journal; the worklist).
 */
export async function getAll<Row>(service: Service, path: string, key: string, maxPages = 10): Promise<Row[]> {
  const base = `${path}${path.includes('?') ? '&' : '?'}limit=200`;
  const rows: Row[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const body: Record<string, unknown> = await get(service, cursor === null ? base : `${base}&cursor=${encodeURIComponent(cursor)}`);
    rows.push(...(body[key] as Row[]));
    cursor = typeof body.nextCursor === 'string' ? body.nextCursor : null;
    if (cursor === null) break;
  }
  return rows;
}

/** A change. With `idempotencyKey` (see useSubmissionKey) the same submission sent again is done once and answered as the first time. */
export const post = <T>(service: Service, path: string, body: unknown, idempotencyKey?: string) =>
  call<T>(`/api/${service}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(idempotencyKey ? { [IDEMPOTENCY_KEY]: idempotencyKey } : {}) },
    body: JSON.stringify(body),
  });

export const auth = {
  methods: () => call<{ dev: boolean; oidc: boolean }>('/auth/methods'),
  session: () => call<SessionUser>('/auth/session'),
  devLogin: (body: { ident: string; role: string; offices: string[] }) =>
    call<SessionUser>('/auth/dev-login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  logout: () => call<void>('/auth/logout', { method: 'POST' }),
};

export interface SessionUser {
  ident: string;
  roles: string[];
  offices: string[];
}
