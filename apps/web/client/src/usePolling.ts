import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api';

/**
 * Loads data, then again every `intervalMs` while the page is visible, so a screen shows what
 * happened elsewhere (a condition fulfilled, a payment released) without a reload. Polling was
 * chosen over server-sent events: the services keep no connection per browser, and a second is
 * well within the two seconds a veileder may wait.
 */
export function usePolling<T>(load: () => Promise<T>, deps: unknown[], intervalMs = 1000) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(async () => {
    try {
      setData(await loadRef.current());
      setError(null);
      setUpdatedAt(new Date().toISOString());
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(0, String(e), []));
    }
  }, []);

  useEffect(() => {
    setData(null);
    setError(null);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      if (stopped) return;
      if (document.visibilityState === 'visible') await reload();
      if (!stopped && intervalMs > 0) timer = setTimeout(tick, intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return { data, error, reload, updatedAt };
}
