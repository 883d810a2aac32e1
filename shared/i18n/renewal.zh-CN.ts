/** 续贷与增额 (issue 17 item 5): the renewal panel on the loan page. */
export const renewalZhCN = {
  renewal: {
    heading: '续贷与增额',
    loading: '正在读取续贷条件…',
    blocked: '本笔贷款不能续贷或增额：{{reason}}',
    allowed: '可以办理无还本续贷：各项条件均满足。',
    notAllowed: '不能办理无还本续贷（{{count}} 项条件不满足）；仍可发起续贷申请，由审批人按还本续贷审查。',
    basis: '依据：{{source}}（规则版本 {{version}}，数据日期 {{date}}）',
    conditionsCaption: '无还本续贷条件',
    passed: '满足',
    failed: '不满足',
    earlier: {
      heading: '由本笔贷款发起的申请',
      item: '{{kind}} · {{amount}} · {{months}} 个月 · {{status}} · {{date}}',
    },
    kind: {
      label: '申请类型',
      renewal: '续贷',
      top_up: '增额',
    },
    form: {
      heading: '发起申请',
      amount: '金额（元）',
      amountRenewalHint: '续贷金额不超过贷款余额 {{balance}}',
      amountTopUpHint: '增额为新增的借款金额，按新申请审批',
      term: '期限（月）',
      termHint: '{{min}}–{{max}} 个月',
      purpose: '借款用途（可不填，默认沿用原用途）',
      submit: '提交申请',
      submitting: '正在提交…',
      badAmount: '请输入大于 0 的金额，最多两位小数。',
      badTerm: '期限须为 {{min}}–{{max}} 个月的整数。',
      onlyRm: '续贷和增额由客户经理发起。',
    },
    created: '已提交申请 {{id}}（{{kind}}，{{status}}）。',
    open: '打开申请 {{id}}',
  },
};
