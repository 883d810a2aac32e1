import { Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AREAS, type Area, areasFor, mayUseArea } from '../../shared/api/areas';
import type { Session } from '../../shared/ipc/contract';
import { LanguageSelect } from '../features/session/LanguageSelect';
import { useLogoutMutation } from '../features/session/mutations';
import { StationControls } from '../features/session/StationGate';
import { errorMessage } from '../i18n';
import { Announcer } from './Announcer';
import { ChunkBoundary, Loading, lazyNamed } from './lazy';

// Each area is its own chunk, loaded on its first visit (recharts and pdf.js only with the areas that draw them).
const HomeView = lazyNamed(() => import('../features/home/HomeView'), 'HomeView');
const WorkspaceView = lazyNamed(() => import('../features/workspace/WorkspaceView'), 'WorkspaceView');
const QueueArea = lazyNamed(() => import('./QueueArea'), 'QueueArea');
const CompareView = lazyNamed(() => import('../features/compare/CompareView'), 'CompareView');
const ContractsView = lazyNamed(() => import('../features/contracts/ContractsView'), 'ContractsView');
const DisbursementView = lazyNamed(() => import('../features/disbursement/DisbursementView'), 'DisbursementView');
const LoansView = lazyNamed(() => import('../features/loans/LoansView'), 'LoansView');
const WarningsView = lazyNamed(() => import('../features/warnings/WarningsView'), 'WarningsView');
const ClassificationView = lazyNamed(
  () => import('../features/classification/ClassificationView'),
  'ClassificationView',
);
const DashboardsView = lazyNamed(() => import('../features/dashboards/DashboardsView'), 'DashboardsView');
const MonitoringView = lazyNamed(() => import('../features/monitoring/MonitoringView'), 'MonitoringView');
const AuthorityView = lazyNamed(() => import('../features/authority/AuthorityView'), 'AuthorityView');
const RulesView = lazyNamed(() => import('../features/rules/RulesView'), 'RulesView');
const PolicyView = lazyNamed(() => import('../features/policy/PolicyView'), 'PolicyView');

function areaFromHash(): Area {
  // The first segment names the area (`#/queue/<id>` is still the queue).
  const h = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (AREAS as readonly string[]).includes(h) ? (h as Area) : 'home';
}

export function AppFrame({ session }: { session: SignedIn }) {
  const { t } = useTranslation();
  const [area, setArea] = useState<Area>(areaFromHash);
  const user = session.user;

  useEffect(() => {
    const onHash = () => setArea(areaFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  // Only the areas the bank API answers for this user's roles (shared/api/areas.ts).
  const areas = areasFor(user.roles);

  return (
    <div className="frame">
      <a className="skip-link" href="#main">
        {t('nav.home')}
      </a>
      <header className="topbar">
        <h1 className="brand">{t('app.title')}</h1>
        <nav aria-label={t('nav.label')}>
          <ul>
            {areas.map((a) => (
              <li key={a}>
                <a href={`#/${a}`} aria-current={a === area ? 'page' : undefined} data-testid={`nav-${a}`}>
                  {t(`nav.${a}`)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <UserBox user={user} />
      </header>
      <main id="main" tabIndex={-1}>
        <ChunkBoundary key={area}>
          <Suspense fallback={<Loading />}>
            <AreaView area={area} session={session} />
          </Suspense>
        </ChunkBoundary>
      </main>
      <Announcer />
    </div>
  );
}

type SignedIn = Session & { user: NonNullable<Session['user']> };

/** Who is signed in, their branch and roles, the language, and signing out. */
function UserBox({ user }: { user: SignedIn['user'] }) {
  const { t, i18n } = useTranslation();
  const logout = useLogoutMutation();
  const branchName = i18n.language === 'en' ? user.branch.nameEn : user.branch.nameZh;
  return (
    <div className="user-box" data-testid="user-box">
      <span>
        <span className="sr-only">{t('frame.signedInAs')}: </span>
        <strong data-testid="user-name">{user.displayName}</strong> ({user.username})
      </span>
      <span>
        <span className="sr-only">{t('frame.branch')}: </span>
        <span data-testid="user-branch">{branchName}</span>
      </span>
      <span data-testid="user-roles">
        <span className="sr-only">{t('frame.roles')}: </span>
        {user.roles.map((r) => t(`roles.${r}`)).join(' / ')}
      </span>
      <LanguageSelect />
      <StationControls />
      <button type="button" onClick={() => logout.mutate()} disabled={logout.isPending} data-testid="logout">
        {logout.isPending ? t('frame.loggingOut') : t('frame.logout')}
      </button>
      {logout.error && <span role="alert">{errorMessage(logout.error)}</span>}
    </div>
  );
}

/** The area's screen, or why it is not for this user's roles. */
function AreaView({ area, session }: { area: Area; session: SignedIn }) {
  const { t } = useTranslation();
  const user = session.user;
  return (
    <>
      {!mayUseArea(area, user.roles) ? (
        <section className="page" aria-labelledby="area-heading" data-testid="area-not-for-role">
          <h2 id="area-heading">{t(`nav.${area}`)}</h2>
          <p>{t('frame.areaNotForRole', { area: t(`nav.${area}`) })}</p>
          <p>
            <a href="#/home">{t('nav.home')}</a>
          </p>
        </section>
      ) : area === 'home' ? (
        <HomeView user={user} expiresAt={session.expiresAt} />
      ) : area === 'workspace' ? (
        <WorkspaceView />
      ) : area === 'queue' ? (
        <QueueArea user={user} />
      ) : area === 'contracts' ? (
        <ContractsView />
      ) : area === 'disbursement' ? (
        <DisbursementView />
      ) : area === 'loans' ? (
        <LoansView />
      ) : area === 'warnings' ? (
        <WarningsView />
      ) : area === 'classification' ? (
        <ClassificationView user={user} />
      ) : area === 'dashboards' ? (
        <DashboardsView />
      ) : area === 'monitoring' ? (
        <MonitoringView />
      ) : area === 'compare' ? (
        <CompareView />
      ) : area === 'authority' ? (
        <AuthorityView user={user} />
      ) : area === 'rules' ? (
        <RulesView />
      ) : area === 'policy' ? (
        <PolicyView />
      ) : (
        <section className="page" aria-labelledby="area-heading">
          <h2 id="area-heading">{t(`nav.${String(area)}`)}</h2>
          <p>{t('placeholder.comingSoon', { area: t(`nav.${String(area)}`) })}</p>
        </section>
      )}
    </>
  );
}
