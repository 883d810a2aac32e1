/**
 * Which staff use which area of the workstation. The bank API's routes and the desk's navigation read
 * the same lists, so a menu entry is shown exactly to those whom the API will answer.
 */
import type { Role } from './auth';
import { CLASSIFICATION_READ_ROLES } from './classifications';
import { COMPARE_ROLES } from './enterprises';
import { LOAN_READ_ROLES } from './loans';

/** Supervisors watch the dashboards; senior approvers and committee members may read them too. */
export const DASHBOARD_ROLES: readonly Role[] = ['supervisor', 'senior_approver', 'committee'];
/** Contract officers prepare contracts; supervisors may read their state. */
export const CONTRACT_READ_ROLES: readonly Role[] = ['contract_officer', 'supervisor'];
export const CONTRACT_WRITE_ROLES: readonly Role[] = ['contract_officer'];
/** Supervisors draft, replay, submit, approve and reject rule-set versions (规则版本发布). */
export const RULE_SET_ROLES: readonly Role[] = ['supervisor'];

/** Supervisors administer approval authority (授权管理). */
export const AUTHORITY_ADMIN_ROLES: readonly Role[] = ['supervisor'];

/** Disbursement officers check conditions and disburse signed cases (放款审核), maker and checker. */
export const DISBURSEMENT_ROLES: readonly Role[] = ['disbursement_officer'];

/** Relationship managers draft applications with pre-approval (客户经理工作台). */
export const WORKSPACE_ROLES: readonly Role[] = ['relationship_manager'];

/** Service officers dispose of warnings; supervisors watch them by branch and confirm measures (预警处置). */
export const WARNING_ROLES: readonly Role[] = ['relationship_manager', 'supervisor'];

/** Supervisors run the post-loan monitoring job and watch its runs (贷后监测, issue 17 item 1). */
export const MONITORING_ROLES: readonly Role[] = ['supervisor'];

export const AREAS = [
  'home',
  'workspace',
  'queue',
  'compare',
  'contracts',
  'disbursement',
  'warnings',
  'classification',
  'loans',
  'dashboards',
  'monitoring',
  'authority',
  'rules',
  'policy',
] as const;
export type Area = (typeof AREAS)[number];

/** 'all': every signed-in member of staff (policy: the published 清单, GET /api/v1/policy). */
export const AREA_ROLES: Readonly<Record<Area, readonly Role[] | 'all'>> = {
  home: 'all',
  workspace: WORKSPACE_ROLES,
  queue: 'all',
  compare: COMPARE_ROLES,
  contracts: CONTRACT_READ_ROLES,
  disbursement: DISBURSEMENT_ROLES,
  warnings: WARNING_ROLES,
  /** 五级分类复核: supervisors run the month-end, approvers review (issue 17 item 4). */
  classification: CLASSIFICATION_READ_ROLES,
  /** The loan page and finding a loan (issue 17 item 2). */
  loans: LOAN_READ_ROLES,
  dashboards: DASHBOARD_ROLES,
  monitoring: MONITORING_ROLES,
  authority: AUTHORITY_ADMIN_ROLES,
  rules: RULE_SET_ROLES,
  policy: 'all',
};

export function mayUseArea(area: Area, roles: readonly Role[]): boolean {
  const allowed = AREA_ROLES[area];
  return allowed === 'all' || roles.some((r) => allowed.includes(r));
}

/** The areas a member of staff with these roles sees in the navigation, in menu order. */
export function areasFor(roles: readonly Role[]): Area[] {
  return AREAS.filter((a) => mayUseArea(a, roles));
}
