import type { policyZhCN } from './policy.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

export const policyEn: Widen<typeof policyZhCN> = {
  policy: {
    heading: 'Admission standards, negative list and material lists',
    intro: "The bank's SME credit policy in force, for every member of staff to read and print.",
    loading: 'Loading the policy in force…',
    version: 'Rule set: {{version}} (in force since {{date}})',
    asOf: 'Read on: {{date}}',
    print: 'Print',
    pdf: 'Export PDF',
    pdfPreparing: 'Preparing the PDF…',
    admission: 'Admission standards',
    admissionNote: 'Every item must be met.',
    negative: 'Negative list',
    negativeNote: 'Any hit excludes the applicant, whatever the score.',
    materials: 'Material lists',
    materialsNote: 'By product and customer group; an applicant in several groups brings every group’s items.',
    groups: 'Customer groups',
    col: { rule: 'Item', threshold: 'Standard', group: 'Group', who: 'Who belongs', item: 'Material', how: 'Obtained' },
    electronic: 'Electronically (nothing to upload)',
    paper: 'From the customer',
  },
};
