/** The published 清单 page (renderer/features/policy). */
export const policyZhCN = {
  policy: {
    heading: '准入标准、负面清单与材料清单',
    intro: '本行现行小微企业信贷政策，供全体员工查阅与打印。',
    loading: '正在读取现行政策…',
    version: '规则版本：{{version}}（{{date}} 起施行）',
    asOf: '查阅日期：{{date}}',
    print: '打印',
    pdf: '导出 PDF',
    pdfPreparing: '正在生成 PDF…',
    admission: '准入标准',
    admissionNote: '以下各项须全部满足。',
    negative: '负面清单',
    negativeNote: '命中任一项即不予准入，与评分无关。',
    materials: '材料清单',
    materialsNote: '按产品和客户群分列；同时属于多个客户群的，合并各群所需材料。',
    groups: '客户群',
    col: { rule: '项目', threshold: '标准', group: '客户群', who: '适用对象', item: '材料', how: '取得方式' },
    electronic: '电子化获取（无需上传）',
    paper: '客户提供',
  },
};
