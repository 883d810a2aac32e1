/**
 * The articles of the 中华人民共和国民法典 (2020, in force 2021-01-01; 1,260 articles) that the clause
 * library may cite, each with what it provides — the list a clause's article references are checked
 * against when the library loads (engine.ts validateClauseLibrary). Citing an article means adding it
 * here with its subject, so a legal reviewer can check the citation against the code.
 */
export const CIVIL_CODE_ARTICLE_COUNT = 1260;

export const CIVIL_CODE_ARTICLES: Readonly<Record<number, string>> = Object.freeze({
  301: '处分共有的不动产或者动产，应当经占份额三分之二以上的按份共有人或者全体共同共有人同意',
  388: '担保合同是主债权债务合同的从合同',
  392: '被担保的债权既有物的担保又有人的担保的，实现债权的顺序',
  394: '抵押权的定义：债务人不履行到期债务时，抵押权人就抵押财产优先受偿',
  397: '以建筑物抵押的，该建筑物占用范围内的建设用地使用权一并抵押（房地一体）',
  402: '以建筑物等不动产抵押的，应当办理抵押登记，抵押权自登记时设立',
  405: '抵押权设立前抵押财产已经出租并转移占有的，原租赁关系不受该抵押权的影响',
  406: '抵押期间抵押人可以转让抵押财产，应当及时通知抵押权人',
  407: '抵押权不得与债权分离而单独转让；债权转让的，担保该债权的抵押权一并转让',
  408: '抵押人的行为足以使抵押财产价值减少的，抵押权人有权请求停止其行为、恢复价值或者增加担保',
  410: '债务人不履行到期债务的，抵押权人可以与抵押人协议以抵押财产折价或者拍卖、变卖所得价款优先受偿',
  490: '当事人采用合同书形式订立合同的，自当事人均签名、盖章或者按指印时合同成立',
  667: '借款合同的定义',
  673: '借款人未按照约定的借款用途使用借款的，贷款人可以停止发放借款、提前收回借款或者解除合同',
  674: '借款人应当按照约定的期限支付利息',
  675: '借款人应当按照约定的期限返还借款',
  676: '借款人未按照约定的期限返还借款的，应当按照约定或者国家有关规定支付逾期利息',
  677: '借款人提前返还借款的，除当事人另有约定外，应当按照实际借款的期间计算利息',
  680: '禁止高利放贷，借款的利率不得违反国家有关规定',
  681: '保证合同的定义',
  688: '连带责任保证：债务人不履行到期债务时，债权人可以请求债务人履行债务，也可以请求保证人在其保证范围内承担保证责任',
  691: '保证的范围包括主债权及其利息、违约金、损害赔偿金和实现债权的费用',
  692: '保证期间；没有约定或者约定不明确的，保证期间为主债务履行期限届满之日起六个月',
  695: '债权人和债务人未经保证人书面同意，协商变更主债权债务合同内容，加重债务的，保证人对加重的部分不承担保证责任',
  696: '债权人转让全部或者部分债权，未通知保证人的，该转让对保证人不发生效力',
  697: '债权人未经保证人书面同意，允许债务人转移全部或者部分债务，保证人对未经其同意转移的债务不再承担保证责任',
  1062: '夫妻在婚姻关系存续期间所得的财产，为夫妻的共同财产',
});

/** The article numbers a text cites as 《中华人民共和国民法典》第N条 or 《民法典》第N条 (Arabic numerals). */
export function citedArticles(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/《(?:中华人民共和国)?民法典》((?:第\d+条[、和及]?)+)/g)) {
    for (const n of m[1]!.matchAll(/第(\d+)条/g)) out.push(Number(n[1]));
  }
  return out;
}
