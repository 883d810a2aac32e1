/**
 * The external data sources behind an enterprise profile (企业画像), one adapter per source. A real
 * integration (工商, 税务, 社保, 海关, 征信, court and penalty lists, the bank's core system) implements the
 * same interfaces as the sandbox generator. Every answer carries the date its data is as of; `null`
 * means the source knows nothing of the enterprise. Money is yuan strings with two places, months
 * are YYYY-MM, dates YYYY-MM-DD — as in shared/credit/profile.ts.
 */
import type { SizeClass, TaxRating } from '../../shared/credit/profile';

/** One source: answers for an enterprise (by USCC) as the source knew it on `asOf` (YYYY-MM-DD). */
export interface DataSource<T extends { asOf: string }> {
  /** Which implementation answers, e.g. 'sandbox' — recorded with every profile. */
  readonly name: string;
  fetch(uscc: string, asOf: string): Promise<T | null>;
}

export interface Relation {
  name: string;
  kind: 'shareholder' | 'guarantor';
  /** Shareholding in percent ("51.00"), shareholders only. */
  sharePercent?: string;
  /** For enterprise shareholders and guarantors. */
  uscc?: string;
}

/** 工商 — the business registry. */
export interface RegistryRecord {
  asOf: string;
  name: string;
  legalRepName: string;
  legalRepId: string;
  establishedDate: string;
  registeredCapital: string;
  /** GB/T 4754-2017 code, e.g. "C3484". */
  industryCode: string;
  sizeClass: SizeClass;
  /** GB/T 2260 division of the registered address, e.g. "310115". */
  region: string;
  relations: Relation[];
}

/** 税务 — tax credit rating and monthly VAT returns. */
export interface TaxRecord {
  asOf: string;
  rating: TaxRating;
  /** Declared months, oldest first; months before registration are absent. */
  monthly: { month: string; vatSales: string; taxPaid: string }[];
}

/** 社保 — social insurance. */
export interface SocialInsuranceRecord {
  asOf: string;
  insuredHeadcount: number;
}

/** 海关 — customs declarations; a figure is absent when the enterprise did not trade that way. */
export interface CustomsRecord {
  asOf: string;
  monthly: { month: string; exports?: string; imports?: string }[];
}

/** 征信 — the credit bureau summary. */
export interface BureauRecord {
  asOf: string;
  loansOutstanding: string;
  overdueCount12m: number;
  maxOverdueDays24m: number;
  inquiries6m: number;
}

/** 司法 / 行政处罚 / 经营异常 — public lists. */
export interface PublicFlagsRecord {
  asOf: string;
  /** Listed as a party subject to enforcement (被执行人). */
  courtEnforcement: boolean;
  /** Administrative penalties in the last 24 months. */
  adminPenalties: number;
  /** On the abnormal operation list (经营异常名录). */
  abnormalOperation: boolean;
}

/** The bank's own settlement accounts (本行结算): monthly inflow and outflow. */
export interface SettlementRecord {
  asOf: string;
  monthly: { month: string; inflow: string; outflow: string }[];
}

export type RegistrySource = DataSource<RegistryRecord>;
export type TaxSource = DataSource<TaxRecord>;
export type SocialInsuranceSource = DataSource<SocialInsuranceRecord>;
export type CustomsSource = DataSource<CustomsRecord>;
export type BureauSource = DataSource<BureauRecord>;
export type PublicFlagsSource = DataSource<PublicFlagsRecord>;
export type SettlementSource = DataSource<SettlementRecord>;

/** Every source a profile is assembled from. */
export interface EnterpriseSources {
  /** The name profiles are recorded under ('sandbox' for the generator). */
  readonly name: string;
  registry: RegistrySource;
  tax: TaxSource;
  socialInsurance: SocialInsuranceSource;
  customs: CustomsSource;
  bureau: BureauSource;
  publicFlags: PublicFlagsSource;
  settlement: SettlementSource;
}

export type SourceKey = Exclude<keyof EnterpriseSources, 'name'>;
