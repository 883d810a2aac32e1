/**
 * Party details a contract needs that the credit workflow does not hold: the lending branch's address,
 * the borrower's registered address, a person guarantor's ID number and address, and the collateral of
 * a secured loan. A real bank reads them from its customer and collateral registers behind this
 * interface; the sandbox derives them deterministically from the case and says so (`name: 'sandbox'`).
 */
import { makeResidentId, makeUscc } from '../../shared/ids';
import { regionName } from '../../shared/reference/regions';
import { hash32 } from '../sources/random';
import { placeName } from '../sources/sandbox-catalogue';

export interface CollateralRecord {
  ownerName: string;
  ownerIdNumber: string;
  /** A natural person (signs 签字并按指印) or an enterprise (seal, legal representative). */
  ownerKind: 'person' | 'enterprise';
  /** The mortgagor's address (住址 / 住所). */
  ownerAddress: string;
  description: string;
  certificateNo: string;
  /** Yuan with two decimals. */
  appraisedValue: string;
}

export interface PersonRecord {
  idNumber: string;
  address: string;
}

export interface ContractPartySource {
  /** Recorded beside every value it supplies, e.g. 'sandbox'. */
  readonly name: string;
  /** The branch's registered address and the place of signing; null when not on file. */
  branch(branchId: string): { address: string; place: string } | null;
  /** The enterprise's registered address; null when not on file. */
  enterpriseAddress(uscc: string, region: string): string | null;
  /** An enterprise party named without its code (a guarantee company), by name; null when not on file. */
  enterpriseByName(name: string, region: string): { uscc: string } | null;
  /** An enterprise party's legal representative (法定代表人); null when not on file. */
  enterpriseLegalRep(uscc: string, name: string): string | null;
  /** A natural-person party (guarantor) by name, in the context of the borrower; null when not on file. */
  person(borrowerUscc: string, name: string, region: string): PersonRecord | null;
  /** The collateral registered for a secured case; null when none is on file. */
  collateral(c: {
    applicationId: string;
    uscc: string;
    region: string;
    legalRepName: string;
    legalRepId: string;
    amountFen: bigint;
  }): CollateralRecord | null;
}

/** Sandbox branch addresses (the seeded organisation). */
const SANDBOX_BRANCHES: Record<string, { address: string; place: string }> = {
  HO: { address: '北京市西城区金融大街 8 号', place: '北京市西城区' },
  SH: { address: '上海市浦东新区陆家嘴环路 1000 号', place: '上海市浦东新区' },
  'SH-PD': { address: '上海市浦东新区世纪大道 1500 号', place: '上海市浦东新区' },
  'SH-XH': { address: '上海市徐汇区漕溪北路 88 号', place: '上海市徐汇区' },
  HZ: { address: '浙江省杭州市上城区解放东路 18 号', place: '浙江省杭州市上城区' },
  'HZ-XH': { address: '浙江省杭州市西湖区文三路 90 号', place: '浙江省杭州市西湖区' },
};

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴', '徐', '孙'];
const GIVEN = ['建国', '海峰', '丽华', '志强', '晓东', '秀英', '国平', '文杰', '静', '伟', '敏', '磊'];

const STREETS = ['人民路', '建设路', '解放路', '中山路', '和平路', '新华路', '文化路', '长江路'];

function street(key: string, what: string): string {
  const h = hash32(key, what);
  return `${STREETS[h % STREETS.length]} ${((h >>> 8) % 900) + 10} 号`;
}

function place(region: string): string {
  return placeName(region) || '中国';
}

/** The division part of a sandbox address, by name (shared/reference/regions.ts): "上海市徐汇区". */
function division(region: string): string {
  return regionName(region) ?? `${place(region)}市`;
}

/** Deterministic sandbox details — TEST DATA: every value it gives is labelled 'sandbox' to the officer. */
export function sandboxContractParties(): ContractPartySource {
  return {
    name: 'sandbox',
    branch: (id) => SANDBOX_BRANCHES[id] ?? null,
    enterpriseAddress: (uscc, region) => `${division(region)}${street(uscc, 'address')}`,
    enterpriseByName: (name, region) => ({ uscc: makeUscc(hash32('guarantor', name), region) }),
    enterpriseLegalRep(uscc) {
      const h = hash32(uscc, 'legal-rep');
      return `${SURNAMES[h % SURNAMES.length]}${GIVEN[(h >>> 8) % GIVEN.length]}`;
    },
    person(borrowerUscc, name, region) {
      const h = hash32(borrowerUscc, name, 'person');
      const year = 1965 + (h % 30);
      const month = String(((h >>> 5) % 12) + 1).padStart(2, '0');
      const day = String(((h >>> 9) % 28) + 1).padStart(2, '0');
      return {
        idNumber: makeResidentId({ region, birthDate: `${year}-${month}-${day}`, sequence: (h >>> 14) % 1000 }),
        address: `${division(region)}${street(`${borrowerUscc}/${name}`, 'home')}`,
      };
    },
    collateral(c) {
      const h = hash32(c.applicationId, 'collateral');
      // Appraised at 1.5–2.5 times the loan, rounded down to 10,000 yuan.
      const wanFen = 1_000_000n;
      const value = ((c.amountFen * BigInt(150 + (h % 100))) / 100n / wanFen) * wanFen;
      const area = `${60 + (h % 140)}.${String((h >>> 8) % 100).padStart(2, '0')}`;
      return {
        ownerName: c.legalRepName,
        ownerIdNumber: c.legalRepId,
        // The legal representative pledges their own property: a natural person, at their home address.
        ownerKind: 'person',
        ownerAddress: `${division(c.region)}${street(`${c.uscc}/${c.legalRepName}`, 'home')}`,
        description: `位于${place(c.region)}${street(c.applicationId, 'property')}的商业用房（建筑面积 ${area} 平方米）`,
        certificateNo: `沙箱（2024）不动产权第 ${String(h % 10_000_000).padStart(7, '0')} 号`,
        appraisedValue: `${value / 100n}.00`,
      };
    },
  };
}
