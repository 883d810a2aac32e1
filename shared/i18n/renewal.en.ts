import type { RenewalMessages } from './renewal';

export const renewalEn: RenewalMessages = {
  renewal: {
    heading: 'Renewal and top-up',
    loading: 'Reading the renewal conditions…',
    blocked: 'This loan cannot be renewed or topped up: {{reason}}',
    allowed: 'A renewal without repaying the principal is allowed: every condition is met.',
    notAllowed:
      'A renewal without repaying the principal is not allowed ({{count}} conditions not met); a renewal can still be applied for and the approver reviews it as one with repayment.',
    basis: 'Basis: {{source}} (rules {{version}}, data as of {{date}})',
    conditionsCaption: 'Conditions of a renewal without principal repayment',
    passed: 'Met',
    failed: 'Not met',
    earlier: {
      heading: 'Applications started from this loan',
      item: '{{kind}} · {{amount}} · {{months}} months · {{status}} · {{date}}',
    },
    kind: {
      label: 'Kind of application',
      renewal: 'Renewal',
      top_up: 'Top-up',
    },
    form: {
      heading: 'Start an application',
      amount: 'Amount (yuan)',
      amountRenewalHint: 'At most the outstanding balance, {{balance}}',
      amountTopUpHint: 'The new money asked for, decided as a new application',
      term: 'Term (months)',
      termHint: '{{min}}–{{max}} months',
      purpose: 'Purpose (optional; the loan’s purpose if left empty)',
      submit: 'Submit the application',
      submitting: 'Submitting…',
      badAmount: 'Enter an amount above 0 with at most two decimals.',
      badTerm: 'The term is a whole number of months from {{min}} to {{max}}.',
      onlyRm: 'Renewals and top-ups are started by the relationship manager.',
    },
    created: 'Application {{id}} submitted ({{kind}}, {{status}}).',
    open: 'Open application {{id}}',
  },
};
