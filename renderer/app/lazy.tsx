/**
 * Code splitting: the login screen's bundle holds only what signing in needs; the signed-in frame and
 * each area are chunks of their own, imported on first use (React.lazy) while an accessible status
 * line shows. A chunk that cannot be loaded (the web host rebuilt the renderer while this page was
 * open, a damaged install) is said in an alert with a reload, instead of a blank window.
 */
import { Component, type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

// biome-ignore lint/suspicious/noExplicitAny: React.lazy's own constraint; props stay typed through M[K].
type AnyComponent = ComponentType<any>;

/** React.lazy for a module's named export (our components are named exports, not defaults). */
export function lazyNamed<M extends Record<K, AnyComponent>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): LazyExoticComponent<M[K]> {
  return lazy(async () => ({ default: (await load())[name] }));
}

/** What shows while a chunk loads: a polite status, busy. */
export function Loading({ testId }: { testId?: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status" aria-busy="true" data-testid={testId ?? 'chunk-loading'}>
      {t('app.loading')}
    </p>
  );
}

function LoadFailed({ error }: { error: Error }) {
  const { t } = useTranslation();
  return (
    <section className="page" role="alert" data-testid="chunk-failed">
      <p>{t('app.loadFailed', { message: error.message })}</p>
      <button type="button" onClick={() => location.reload()}>
        {t('app.reload')}
      </button>
    </section>
  );
}

/** Catches a failed chunk import under it (React.lazy rethrows it on render). Key it by area to reset. */
export class ChunkBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }
  override render() {
    return this.state.error ? <LoadFailed error={this.state.error} /> : this.props.children;
  }
}
