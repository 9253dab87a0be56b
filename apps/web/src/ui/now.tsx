import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';

/** How often relative times ("3 minutes ago") re-render, in ms. */
export const NOW_TICK_MS = 30_000;

const NowContext = createContext<number>(Date.now());

/** Provides the current time (epoch ms), refreshed every 30 s by one shared timer for the whole page. */
export function NowProvider({ children }: { children: ReactNode }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), NOW_TICK_MS);
    return () => clearInterval(timer);
  }, []);
  return <NowContext value={now}>{children}</NowContext>;
}

/** The current time in epoch ms, as of the last tick. */
export function useNow(): number {
  return useContext(NowContext);
}
