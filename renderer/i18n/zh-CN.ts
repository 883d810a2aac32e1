/** Simplified Chinese: the default language and the source of every key. */
export const zhCN = {
  app: { title: '小微企业信贷工作台', subtitle: '审批 · 合同 · 风险' },
  language: { label: '语言', 'zh-CN': '简体中文', en: 'English' },
  login: {
    heading: '登录',
    username: '用户名',
    password: '密码',
    submit: '登录',
    submitting: '正在登录…',
    sandboxHint: '沙箱演示账号：approver1、senior1、contract1、supervisor1 等，密码 demo-pass',
  },
  nav: {
    label: '主导航',
    home: '首页',
    queue: '审批队列',
    compare: '企业对比',
    contracts: '合同',
    dashboards: '风险看板',
  },
  frame: { signedInAs: '当前用户', branch: '所属机构', roles: '岗位', logout: '退出登录', loggingOut: '正在退出…' },
  roles: {
    approver: '审批岗',
    senior_approver: '高级审批岗',
    committee: '审贷会委员',
    contract_officer: '合同岗',
    supervisor: '主管/风控',
    relationship_manager: '客户经理',
  },
  home: {
    welcome: '{{name}}，您好',
    authorityHeading: '审批权限（按风险等级的单笔最高金额）',
    grade: '风险等级',
    maxAmount: '最高金额（元）',
    noAuthority: '您的岗位没有审批权限。',
    sessionUntil: '本次登录有效期至 {{time}}',
  },
  placeholder: { comingSoon: '{{area}}功能正在建设中。' },
  errors: {
    invalid_credentials: '用户名或密码错误。',
    rate_limited: '尝试次数过多，请稍后再试。',
    unauthorized: '登录已失效，请重新登录。',
    auth_not_signed_in: '请先登录。',
    bank_unreachable: '无法连接银行系统，请检查网络后重试。',
    workstation_unreachable: '无法连接工作台服务。',
    validation_failed: '输入有误：{{message}}',
    ipc_invalid_request: '输入有误：{{message}}',
    generic: '操作失败：{{message}}',
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof zhCN>;
