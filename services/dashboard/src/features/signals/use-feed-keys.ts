import { useEffect, useRef } from 'react';

export interface FeedKeyActions {
  next: () => void;
  previous: () => void;
  open: () => void;
  enrich: () => void;
  contact: () => void;
  archive: () => void;
}

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** j/k move, o or Enter opens, e enriches, c marks contacted, a archives; ignored while typing or with modifiers. */
export function useFeedKeys(actions: FeedKeyActions, enabled = true): void {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || typing(e.target)) return;
      const a = ref.current;
      const map: Record<string, () => void> = { j: a.next, k: a.previous, o: a.open, e: a.enrich, c: a.contact, a: a.archive };
      const fn = map[e.key];
      if (fn) {
        e.preventDefault();
        fn();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled]);
}
