import type { conditionsZhCN } from './conditions.zh-CN';

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type ConditionsMessages = Widen<typeof conditionsZhCN>;

/** The approval's conditions editor and their words, in English. */
export const conditionsEn: ConditionsMessages = {
  conditions: {
    legend: 'Conditions of the loan',
    hint: 'The conditions the product requires are filled in and marked “required”; add any others.',
    none: 'No conditions',
    item: 'Item {{n}}: {{name}}',
    type: 'Condition type',
    addType: 'Type of condition to add',
    add: 'Add condition',
    remove: 'Remove',
    removeLabel: 'Remove item {{n}} ({{name}})',
    required: 'Required',
    requiredWhy: 'The product rules require this item; it cannot be removed',
    payeeName: 'Payee name (optional)',
    collateral: 'Collateral',
    guarantor: 'Guarantor',
    note: 'Note (optional)',
    text: 'Condition',
    types: {
      entrusted_payment: 'Entrusted payment',
      mortgage_registration: 'Mortgage registration',
      guarantee_signed: 'Guarantee contract signed',
      settlement_account: 'Settlement account opened',
      other: 'Other condition',
    },
    words: {
      entrusted_payment: 'Entrusted payment',
      entrusted_paymentPayee: 'Entrusted payment (payee: {{payee}})',
      mortgage_registration: 'Mortgage registration (collateral: {{collateral}})',
      guarantee_signed: 'Guarantee contract signed (guarantor: {{guarantor}})',
      settlement_account: 'Settlement account opened',
      withNote: '{{line}}: {{note}}',
    },
    errors: {
      guarantorRequired: 'Name the guarantor',
      collateralRequired: 'Name the collateral',
      textRequired: 'Write the condition',
      payeeNameRequired: 'Name the payee',
      tooLong: 'Too long: at most {{max}} characters',
      requiredMissing: 'This approval must carry: {{en}}',
      guarantorMissing:
        'A guaranteed product without a guarantor cannot be approved; return the case for a guarantor, or decline it',
    },
  },
};
