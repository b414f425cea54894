import { useEffect, useState } from 'react';

/** The current time, refreshed every `everyMs` (the footer clock). */
export function useNow(now: () => number, everyMs = 1000): number {
  const [value, setValue] = useState(now);
  useEffect(() => {
    const timer = setInterval(() => setValue(now()), everyMs);
    return () => clearInterval(timer);
  }, [now, everyMs]);
  return value;
}
