/**
 * The clause library. A clause id carries its own version (`loan.rate@1`): changing a clause's text
 * means adding `@2` and pointing a new template version at it, so a template version — and every
 * contract generated from it — always reads the same.
 */

export type Paragraph = string | { text: string; style: 'notice' };

function deepFreeze<T extends object>(o: T): T {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v);
  return Object.freeze(o);
}

export interface Clause {
  title: string;
  paragraphs: Paragraph[];
}

export const CLAUSES: Readonly<Record<string, Clause>> = deepFreeze({
  'loan.amount@1': {
    title: '借款金额',
    paragraphs: [
      '贷款人同意向借款人发放流动资金贷款，借款金额为{{loan.amountInCapitals}}（小写：人民币{{loan.amount}}元）。',
    ],
  },
  'loan.purpose@1': {
    title: '借款用途',
    paragraphs: [
      '本合同项下借款用于{{loan.purpose}}。',
      '未经贷款人书面同意，借款人不得改变借款用途，不得将借款用于固定资产、股权等投资，不得用于国家禁止生产、经营的领域和用途，不得以任何形式流入证券市场、期货市场和用于房地产开发。',
    ],
  },
  'loan.term@1': {
    title: '借款期限',
    paragraphs: [
      '借款期限为{{loan.termMonths}}个月，自{{loan.startDate}}起至{{loan.endDate}}止。实际放款日与起始日不一致的，以借款借据记载的日期为准，到期日相应顺延，期限不变。',
    ],
  },
  'loan.rate@1': {
    title: '借款利率',
    paragraphs: [
      '本合同项下借款利率以{{rate.lprTenor}}贷款市场报价利率（LPR）为定价基准加点确定：LPR {{rate.lpr}}% {{rate.spreadWords}}，即年利率 {{rate.annual}}%。月利率 = 年利率 ÷ 12，日利率 = 年利率 ÷ 360。',
      '借款期限内 LPR 调整的，自次年1月1日起按届时最近一期相应期限的 LPR 加上述加点数确定执行利率，加点数在合同期限内固定不变。',
      {
        text: '【年化利率披露】按本合同约定的还款计划及全部应付费用计算，本笔借款的年化利率（内部收益率 IRR 口径）为 {{rate.aprNominal}}%，按月复利折算的实际年化利率为 {{rate.aprEffective}}%。',
        style: 'notice',
      },
    ],
  },
  'loan.repayment@1': {
    title: '还款方式',
    paragraphs: [
      '借款人按{{repayment.method}}方式还款，共{{repayment.periods}}期，首期还款日为{{repayment.firstDueDate}}。各期还款日、应还本金和利息以本合同附件《还款计划表》为准，按该计划计算的利息合计为人民币{{repayment.totalInterest}}元。',
      '借款人应于每期还款日前在其于贷款人处开立的还款账户中备足当期应还款项，并授权贷款人于还款日自动扣收。',
    ],
  },
  'loan.conditions@1': {
    title: '提款前提条件及审批条件',
    paragraphs: [
      '贷款人发放贷款前，借款人应满足下列条件；借款期限内，借款人应持续遵守下列条件：',
      '{{conditions.list}}',
    ],
  },
  'loan.guarantee@1': {
    title: '担保',
    paragraphs: ['本合同项下借款由下列保证人提供连带责任保证，保证人另行与贷款人签订保证合同：', '{{guarantors.list}}'],
  },
  'loan.collateral@1': {
    title: '抵押',
    paragraphs: [
      '本合同项下借款由{{collateral.ownerName}}以其所有的{{collateral.description}}（权属证书编号：{{collateral.certificateNo}}）提供抵押担保，双方另行签订抵押合同。',
    ],
  },
  'loan.borrowerDuties@1': {
    title: '借款人的权利和义务',
    paragraphs: [
      '借款人有权按本合同约定提取和使用借款，并要求贷款人对其提供的财务、经营资料保密。',
      '借款人应按约定用途使用借款，按期足额还本付息；应按贷款人要求提供财务报表及其他经营资料，并保证所提供资料真实、完整、有效。',
      '借款人发生合并、分立、减资、股权变更、重大资产转让、涉及重大诉讼或经营出现重大困难等可能影响偿债能力的事项，应在事项发生后五个工作日内书面通知贷款人。',
    ],
  },
  'loan.bankDuties@1': {
    title: '贷款人的权利和义务',
    paragraphs: [
      '贷款人应按本合同约定及时足额发放贷款，并对借款人的商业秘密予以保密，法律法规另有规定或监管机构另有要求的除外。',
      '贷款人有权对借款用途及借款人的经营、财务状况进行贷后检查，借款人应予配合。',
    ],
  },
  'loan.default@1': {
    title: '违约责任',
    paragraphs: [
      '借款人未按期归还借款本金的，贷款人有权自逾期之日起按本合同约定利率加收50%计收罚息；借款人挪用借款的，自挪用之日起按本合同约定利率加收100%计收罚息；对不能按时支付的利息，按罚息利率计收复利。',
      '借款人出现违约情形的，贷款人有权停止发放尚未发放的借款，宣布已发放的借款全部提前到期，并要求借款人承担贷款人为实现债权而支付的诉讼费、律师费等费用。',
    ],
  },
  'guarantee.debt@1': {
    title: '被担保的主债权',
    paragraphs: [
      '保证人所担保的主债权为债权人依据编号为{{contract.id}}的《流动资金借款合同》（以下简称“主合同”）向债务人{{borrower.name}}发放的贷款，本金金额为{{loan.amountInCapitals}}（小写：人民币{{loan.amount}}元），借款期限自{{loan.startDate}}起至{{loan.endDate}}止，年利率 {{rate.annual}}%。',
    ],
  },
  'guarantee.mode@1': {
    title: '保证方式',
    paragraphs: [
      '本合同的保证方式为连带责任保证。保证人为{{guarantors.names}}；保证人为二人以上的，各保证人对全部主债权承担连带保证责任。',
    ],
  },
  'guarantee.scope@1': {
    title: '保证范围',
    paragraphs: [
      '保证范围为主合同项下全部借款本金、利息、罚息、复利、违约金、损害赔偿金以及债权人为实现债权而发生的诉讼费、仲裁费、律师费、差旅费、公告费、执行费等全部费用。',
    ],
  },
  'guarantee.period@1': {
    title: '保证期间',
    paragraphs: [
      '保证期间为主合同约定的债务履行期限届满之日起三年。主债权被宣布提前到期的，保证期间自提前到期之日起计算。',
    ],
  },
  'guarantee.duties@1': {
    title: '保证人的声明与义务',
    paragraphs: [
      '保证人具有担任保证人的主体资格，签订和履行本合同已取得必要的内部授权；保证人已充分了解主合同的全部条款。',
      '保证人发生住所、经营范围、法定代表人变更或出现影响其保证能力的重大事项的，应于五个工作日内书面通知债权人。',
    ],
  },
  'mortgage.debt@1': {
    title: '被担保的主债权',
    paragraphs: [
      '抵押人所担保的主债权为抵押权人依据编号为{{contract.id}}的《流动资金借款合同》（以下简称“主合同”）向债务人{{borrower.name}}发放的贷款，本金金额为{{loan.amountInCapitals}}（小写：人民币{{loan.amount}}元），借款期限自{{loan.startDate}}起至{{loan.endDate}}止。',
    ],
  },
  'mortgage.collateral@1': {
    title: '抵押财产',
    paragraphs: [
      '抵押人以其所有的{{collateral.description}}（权属证书编号：{{collateral.certificateNo}}）设定抵押。经评估，抵押财产价值为人民币{{collateral.appraisedValue}}元，本合同担保的债权数额为人民币{{collateral.securedAmount}}元。',
    ],
  },
  'mortgage.scope@1': {
    title: '抵押担保范围',
    paragraphs: [
      '抵押担保范围为主合同项下借款本金、利息、罚息、复利、违约金、损害赔偿金以及抵押权人实现债权和抵押权的费用。',
    ],
  },
  'mortgage.registration@1': {
    title: '抵押登记',
    paragraphs: [
      '抵押人应于本合同签订之日起三十日内会同抵押权人向不动产登记机构办理抵押登记，并将不动产登记证明交抵押权人保管。',
    ],
  },
  'mortgage.custody@1': {
    title: '抵押财产的占有与保管',
    paragraphs: [
      '抵押期间，抵押财产由抵押人占有和使用，抵押人应妥善保管并办理财产保险，保险第一受益人为抵押权人。未经抵押权人书面同意，抵押人不得转让、出租或以其他方式处分抵押财产。',
    ],
  },
  'mortgage.enforce@1': {
    title: '抵押权的实现',
    paragraphs: [
      '债务人未按主合同约定履行到期债务的，抵押权人有权与抵押人协议以抵押财产折价，或者以拍卖、变卖抵押财产所得的价款优先受偿。',
    ],
  },
  'common.disputes@1': {
    title: '争议解决',
    paragraphs: [
      '因本合同引起的或与本合同有关的争议，由各方协商解决；协商不成的，任何一方均可向{{bank.name}}住所地有管辖权的人民法院提起诉讼。',
    ],
  },
  'common.notices@1': {
    title: '通知与送达',
    paragraphs: [
      '本合同首部所列地址为各方的送达地址。一方变更送达地址的，应提前五个工作日书面通知其他各方，否则向原地址送达即视为有效送达。',
    ],
  },
  'common.effect@1': {
    title: '合同的生效及其他',
    paragraphs: [
      '本合同自各方法定代表人（负责人）或授权代理人签字或盖章，并加盖公章或合同专用章之日起生效。各方以可靠的电子签名签署本合同的，电子签名与手写签名或者盖章具有同等的法律效力。',
      '本合同于{{signing.date}}在{{signing.place}}签订。本合同的附件（如有）是本合同不可分割的组成部分。',
    ],
  },
});
