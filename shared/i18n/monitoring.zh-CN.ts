/** The supervisor's monitoring-job panel (renderer/features/monitoring). */
export const monitoringZhCN = {
  monitoring: {
    heading: '贷后监测任务',
    intro:
      '监测任务重新读取每一户在贷客户的外部数据（税务、征信、司法、本行结算），按现行预警规则重新计算预警信号：新出现的信号登记并保留所见数据，不再成立的信号解除。默认每晚自动运行，也可在此立即运行。',
    start: '立即运行',
    starting: '正在启动…',
    run: {
      running:
        '监测任务已开始（{{id}}），正在运行：已处理 {{done}} / {{total}} 笔贷款，用时 {{minutes}}分{{seconds}}秒。',
      runningStale: '监测任务 {{id}} 心跳中断（已处理 {{done}} / {{total}} 笔贷款），将由下一次启动接续。',
      done: '监测任务 {{id}} 已完成：处理 {{done}} 笔贷款，新增信号 {{raised}} 个，解除信号 {{cleared}} 个，用时 {{minutes}}分{{seconds}}秒。',
      failed: '监测任务 {{id}} 失败（已处理 {{done}} / {{total}} 笔贷款）：{{reason}}。可再次运行。',
      noReason: '未记录原因',
    },
    inProgress: '已有监测任务正在运行，请等待其完成。',
    loading: '正在读取监测任务…',
    none: '尚未运行过监测任务。',
    current: '当前任务',
    progress: '进度：{{done}} / {{total}} 笔贷款',
    lastRuns: '最近的运行',
    refresh: '刷新',
    col: {
      started: '开始时间',
      trigger: '触发方式',
      requestedBy: '发起人',
      status: '状态',
      progress: '已处理贷款',
      duration: '用时',
      raised: '新增信号',
      cleared: '解除信号',
      rules: '规则版本',
    },
    trigger: { schedule: '定时', manual: '手动' },
    status: { running: '运行中', done: '已完成', failed: '失败' },
    stale: '（心跳中断，将由下一次启动接续）',
    system: '系统',
    duration: '{{minutes}}分{{seconds}}秒',
    failedNote: '该次运行未完成，可再次运行。',
  },
};
