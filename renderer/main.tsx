import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/App';
import { invoke, type WorkstationError } from './client/workstation';
import { DEFAULT_LOCALE, initI18n } from './i18n';
import './styles.css';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: WorkstationError;
  }
}

// The CSP forbids eval; tell zod not to probe for it.
z.config({ jitless: true });

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // A refused request (4xx) will be refused again; only transport failures are worth a retry.
      retry: (count, e) => count < 3 && (e.status === undefined || e.status >= 500),
      refetchOnWindowFocus: false,
    },
    mutations: { retry: false },
  },
});

// No top-level await: a chunk importing an entry that awaits at top level cannot share its modules,
// so Rollup would split the login screen's own code into a second file.
async function start() {
  const prefs = await invoke('prefs.get', {}).catch(() => ({ locale: DEFAULT_LOCALE }));
  queryClient.setQueryData(['prefs'], prefs);
  await initI18n(prefs.locale);

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </StrictMode>,
  );
}
void start();
