import { useTranslation } from 'react-i18next';
import type { User } from '../../../shared/api/auth';
import { GradeSchema } from '../../../shared/api/auth';
import { groupMoney } from '../../format';

export function HomeView({ user, expiresAt }: { user: User; expiresAt: string | null }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="home-heading" className="page">
      <h2 id="home-heading">{t('home.welcome', { name: user.displayName })}</h2>
      {expiresAt && (
        <p className="muted">
          {t('home.sessionUntil', {
            time: new Date(expiresAt).toLocaleString(i18n.language, { timeZone: 'Asia/Shanghai' }),
          })}
        </p>
      )}
      <h3>{t('home.authorityHeading')}</h3>
      {user.authority ? (
        <table className="data-table" data-testid="authority-table">
          <thead>
            <tr>
              <th scope="col">{t('home.grade')}</th>
              <th scope="col" className="num">
                {t('home.maxAmount')}
              </th>
            </tr>
          </thead>
          <tbody>
            {GradeSchema.options.map((g) => (
              <tr key={g}>
                <th scope="row">{g}</th>
                <td className="num">{groupMoney(user.authority?.[g] ?? '0.00')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('home.noAuthority')}</p>
      )}
    </section>
  );
}
