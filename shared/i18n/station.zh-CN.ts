/** The shared desk (idle lock, notifications) and the bank connection screen, in Simplified Chinese. */
export const stationZhCN = {
  station: {
    lock: {
      title: '屏幕已锁定',
      explain:
        '{{name}}（{{username}}）的会话仍然有效，但屏幕已锁定（无操作 {{minutes}} 分钟自动锁定，或手动锁定）。未提交的草稿已保留。',
      password: '密码',
      unlock: '解锁',
      unlocking: '正在核对…',
      signOut: '退出登录',
      attemptsLeft: '密码不正确。还可尝试 {{count}} 次，之后将退出登录。',
      signedOut: '多次输入错误，已退出登录。',
      lockNow: '锁定屏幕',
    },
    connection: {
      title: '无法连接银行系统',
      unreachable: '工作台无法连接到银行系统（{{url}}）。请检查网络连接或联系 IT 支持后重试。',
      certificate:
        '银行系统的证书未通过校验（{{url}}），为安全起见未建立连接。请联系 IT 支持检查证书或本机的 CA 配置。',
      config: '本机的银行网络配置有误，工作台不会使用不安全的替代设置。请管理员按以下说明修改：',
      configFile: '配置文件：{{path}}',
      details: '技术细节',
      retry: '重试',
    },
    notifications: {
      label: '桌面通知',
      explain: '新案件进入我的通道、案件即将到期、案件被退回给我时，通过系统通知提醒（仅本人，默认关闭）。',
      on: '开启',
      off: '关闭',
      webOnly: '浏览器模式不提供系统通知。',
      lane: { instant: '秒批', fast: '快速', standard: '标准', committee: '审贷会' },
      newCase: { title: '新案件', body: '案件 {{id}} 进入{{lane}}通道。' },
      dueSoon: { title: '案件即将到期', body: '案件 {{id}}（{{lane}}通道）即将超过时限。' },
      returned: { title: '案件已退回', body: '案件 {{id}} 已退回给您补充材料。' },
      more: { title: '更多提醒', body: '另有 {{count}} 条提醒，请查看工作台。' },
    },
  },
};
