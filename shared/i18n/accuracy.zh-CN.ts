/**
 * Approval accuracy (审批准确性) on the portfolio dashboard, turnaround to disbursement on the process
 * dashboard, and the relationship manager's repayment reminders (issue 16 items 4 and 5), in Simplified
 * Chinese: the source of their keys.
 */
export const accuracyZhCN = {
  accuracy: {
    panels: {
      portfolio: {
        byGrade: '审批准确性：按风险评级的不良率与逾期 30 天以上占比',
        byTier: '审批准确性：按审批通道的不良率与逾期 30 天以上占比',
        byChannel: '审批准确性：按进件渠道的不良率与逾期 30 天以上占比',
        byScoreBand: '审批准确性：按评分段的不良率与逾期 30 天以上占比',
      },
      process: {
        disbursementByTier: '申请至放款时长（工作日）：按审批通道',
        disbursementByMonth: '申请至放款时长（工作日）：按放款月份',
      },
    },
    series: {
      disbursed: '放款笔数',
      medianDays: '中位数',
      p90Days: '90 分位',
    },
    units: { workingDays: '工作日' },
    grades: { A: 'A 级', B: 'B 级', C: 'C 级', D: 'D 级', E: 'E 级', _none: '未评级' },
    tiers: { instant: '秒批', fast: '快速', standard: '标准', committee: '审贷会', _none: '未记录通道' },
    channels: { branch: '网点', mobile: '手机银行', online: '网上银行', partner: '合作渠道', _none: '未记录渠道' },
    bands: {
      lt520: '520 分以下',
      '520_559': '520–559 分',
      '560_599': '560–599 分',
      '600_639': '600–639 分',
      '640_679': '640–679 分',
      ge680: '680 分及以上',
      _none: '无评分',
    },
    reminders: {
      heading: '还款提醒',
      window: '未来工作日数',
      windowHint: '显示未来 {{days}} 个工作日内到期的还款（截至 {{asOf}}）',
      due: '即将到期（{{count}} 笔）',
      pastDue: '已逾期（{{count}} 笔）',
      noDue: '未来 {{days}} 个工作日内没有到期的还款。',
      noPastDue: '没有逾期贷款。',
      loading: '正在加载还款提醒…',
      failed: '还款提醒未能加载：{{message}}',
      scheduleDerived: '按放款日、期限与还款方式推算',
      col: {
        loan: '贷款编号',
        enterprise: '企业',
        product: '产品',
        dueDate: '应还日期',
        period: '期次',
        amountDue: '应还金额（元）',
        principal: '本金（元）',
        interest: '利息（元）',
        balance: '贷款余额（元）',
        daysPastDue: '逾期天数',
        overdueSince: '逾期起始日',
        workingDaysLeft: '剩余工作日',
      },
    },
  },
};
