import { useEffect, useState } from 'react';
import { onAnnounce } from './settle';

interface Announcement {
  text: string;
  tone: 'ok' | 'error';
  /** Counts announcements, so the same words said twice are read twice. */
  n: number;
}

/**
 * The frame's live region: what `settle()` announces after a change (a failed claim, release or
 * decision), read by screen readers. Visually hidden — each view shows its own outcome on screen.
 */
export function Announcer() {
  const [said, setSaid] = useState<Announcement | null>(null);
  useEffect(() => onAnnounce((text, tone) => setSaid((p) => ({ text, tone, n: (p?.n ?? 0) + 1 }))), []);
  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true" data-testid="announcer" data-tone={said?.tone}>
      {said && <span key={said.n}>{said.text}</span>}
    </div>
  );
}
