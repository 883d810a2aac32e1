import { useEffect, useState } from 'react';

/** The current time, re-read every `everyMs` so countdowns tick without each row owning a timer. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}
