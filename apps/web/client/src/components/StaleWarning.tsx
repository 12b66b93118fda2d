import { Alert } from '@navikt/ds-react';
import { ApiError } from '../api';
import { formatInstant } from '../format';

/**
 * Shown on a page that updates itself when the latest update failed: what is on screen may be old.
 * Says since when, so nobody acts on a list that has stopped moving without knowing it.
 */
export function StaleWarning({ error, updatedAt }: { error: ApiError | null; updatedAt: string | null }) {
  if (!error || !updatedAt) return null;
  return (
    <Alert variant="warning" size="small" role="status">
      Siden oppdateres ikke akkurat nå. {error.message} Sist oppdatert {formatInstant(updatedAt)}.
    </Alert>
  );
}
