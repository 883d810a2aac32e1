import type { AccuracyMessages } from './accuracy';

export const accuracyEn: AccuracyMessages = {
  accuracy: {
    panels: {
      portfolio: {
        byGrade: 'Approval accuracy: NPL and 30+ days past due by risk grade',
        byTier: 'Approval accuracy: NPL and 30+ days past due by approval tier',
        byChannel: 'Approval accuracy: NPL and 30+ days past due by channel',
        byScoreBand: 'Approval accuracy: NPL and 30+ days past due by score band',
      },
      process: {
        disbursementByTier: 'Application to disbursement (working days) by tier',
        disbursementByMonth: 'Application to disbursement (working days) by month of disbursement',
      },
    },
    series: {
      disbursed: 'Loans disbursed',
      medianDays: 'Median',
      p90Days: '90th percentile',
    },
    units: { workingDays: 'working days' },
    grades: { A: 'Grade A', B: 'Grade B', C: 'Grade C', D: 'Grade D', E: 'Grade E', _none: 'Not rated' },
    tiers: {
      instant: 'Instant',
      fast: 'Fast',
      standard: 'Standard',
      committee: 'Committee',
      _none: 'No tier recorded',
    },
    channels: {
      branch: 'Branch',
      mobile: 'Mobile banking',
      online: 'Online banking',
      partner: 'Partner channel',
      _none: 'No channel recorded',
    },
    bands: {
      lt520: 'Below 520',
      '520_559': '520–559',
      '560_599': '560–599',
      '600_639': '600–639',
      '640_679': '640–679',
      ge680: '680 and above',
      _none: 'No score',
    },
    reminders: {
      heading: 'Repayment reminders',
      window: 'Working days ahead',
      windowHint: 'Instalments due in the next {{days}} working days (as of {{asOf}})',
      due: 'Due soon ({{count}})',
      pastDue: 'Past due ({{count}})',
      noDue: 'No instalment falls due in the next {{days}} working days.',
      noPastDue: 'No loan is past due.',
      loading: 'Loading repayment reminders…',
      failed: 'Repayment reminders could not be loaded: {{message}}',
      scheduleDerived: 'Derived from disbursement date, term and repayment method',
      col: {
        loan: 'Loan',
        enterprise: 'Enterprise',
        product: 'Product',
        dueDate: 'Due date',
        period: 'Instalment',
        amountDue: 'Amount due (yuan)',
        principal: 'Principal (yuan)',
        interest: 'Interest (yuan)',
        balance: 'Balance (yuan)',
        daysPastDue: 'Days past due',
        overdueSince: 'Past due since',
        workingDaysLeft: 'Working days left',
      },
    },
  },
};
