import { makeResidentId } from '../ids/resident-id';
import { makeUscc } from '../ids/uscc';
import type { EnterpriseProfile } from './profile';

/** Test-only: a hand-built, strong enterprise (24 months, grade A) that each test bends one way. */
export function strongProfile(patch: Partial<EnterpriseProfile> = {}): EnterpriseProfile {
  const monthly = Array.from({ length: 24 }, (_, i) => {
    const month = `${2024 + Math.floor((i + 2) / 12)}-${String(((i + 2) % 12) + 1).padStart(2, '0')}`;
    const sales = i < 12 ? '800000.00' : '1000000.00';
    return {
      month,
      vatSales: sales,
      settlementInflow: '900000.00',
      settlementOutflow: '850000.00',
      taxPaid: '20000.00',
    };
  });
  return {
    uscc: makeUscc('12345678', '310115'),
    name: '上海华信精密制造有限公司',
    legalRepName: '王伟',
    legalRepId: makeResidentId({ region: '310115', birthDate: '1978-06-15', sequence: 123 }),
    establishedDate: '2012-05-10',
    registeredCapital: '5000000.00',
    industryCode: 'C3311',
    sizeClass: 'small',
    region: '310115',
    taxRating: 'A',
    insuredHeadcount: 48,
    monthly,
    bureau: { loansOutstanding: '1500000.00', overdueCount12m: 0, maxOverdueDays24m: 0, inquiries6m: 1 },
    publicFlags: { courtEnforcement: false, adminPenalties: 0, abnormalOperation: false },
    relations: [],
    dataCompleteness: 95,
    asOf: {
      registry: '2026-03-01',
      tax: '2026-02-15',
      socialInsurance: '2026-02-20',
      bureau: '2026-02-28',
      settlement: '2026-03-01',
    },
    ...patch,
  };
}

export const AS_OF = '2026-03-02';
