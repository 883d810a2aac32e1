import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/api/auth';
import { errorMessage } from '../../i18n';
import { LockScreen } from './LockScreen';
import {
  useActivityReporter,
  useLockedRefusals,
  useLockNowMutation,
  useNotificationsMutation,
  useStationState,
} from './station';

/**
 * The signed-in frame behind the shared desk's lock: input is reported to main, and while main says
 * the screen is locked the frame stays mounted but hidden and inert (nothing typed is lost; drafts
 * are in main's workspace store anyway) and the lock screen shows.
 */
export function StationGate({ user, children }: { user: User; children: ReactNode }) {
  const state = useStationState();
  const locked = state.data?.lock.locked ?? false;
  useActivityReporter(!locked);
  useLockedRefusals();
  return (
    <>
      {locked && state.data && (
        <LockScreen user={user} idleMinutes={state.data.lock.idleMinutes} attemptsLeft={state.data.lock.attemptsLeft} />
      )}
      <div hidden={locked} inert={locked} className="station-frame">
        {children}
      </div>
    </>
  );
}

/** In the user box: lock the screen now, and the user's own opt-in to OS notifications. */
export function StationControls() {
  const { t } = useTranslation();
  const state = useStationState();
  const lockNow = useLockNowMutation();
  const notify = useNotificationsMutation();
  const s = state.data;
  if (!s) return null;
  return (
    <>
      {s.lock.enabled && (
        <button type="button" onClick={() => lockNow.mutate(undefined)} data-testid="lock-now">
          {t('station.lock.lockNow')}
        </button>
      )}
      {s.notifications.available && (
        <label title={t('station.notifications.explain')} data-testid="notifications-setting">
          <input
            type="checkbox"
            checked={s.notifications.enabled}
            disabled={notify.isPending}
            onChange={(e) => notify.mutate(e.target.checked)}
          />{' '}
          {t('station.notifications.label')}
        </label>
      )}
      {notify.error && <span role="alert">{errorMessage(notify.error)}</span>}
    </>
  );
}
