import { useEffect, useRef } from 'react';

/**
 * Names the browser tab after the page ("Sak K-1 – Vilkårsflyt") and, on navigation, moves focus to
 * the page's heading, so a screen reader announces the new page.
 */
export function usePageTitle(title: string) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – Vilkårsflyt`;
  }, [title]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  return heading;
}
