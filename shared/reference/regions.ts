/**
 * Administrative division names, GB/T 2260 《中华人民共和国行政区划代码》: the provinces, prefectures
 * and districts the sandbox bank's enterprises are registered in, in Chinese and English.
 * Reference data: one table for the screens, main's reports and the bank API's sandbox.
 */
import type { Bilingual } from '../credit/grades';

/** Provincial-level divisions by their two-digit code; `short` is the name used in company names (上海, 浙江). */
export const PROVINCES: Readonly<Record<string, Bilingual & { short: string }>> = {
  '11': { zh: '北京市', short: '北京', en: 'Beijing' },
  '12': { zh: '天津市', short: '天津', en: 'Tianjin' },
  '31': { zh: '上海市', short: '上海', en: 'Shanghai' },
  '32': { zh: '江苏省', short: '江苏', en: 'Jiangsu' },
  '33': { zh: '浙江省', short: '浙江', en: 'Zhejiang' },
  '34': { zh: '安徽省', short: '安徽', en: 'Anhui' },
  '35': { zh: '福建省', short: '福建', en: 'Fujian' },
  '36': { zh: '江西省', short: '江西', en: 'Jiangxi' },
  '37': { zh: '山东省', short: '山东', en: 'Shandong' },
  '41': { zh: '河南省', short: '河南', en: 'Henan' },
  '42': { zh: '湖北省', short: '湖北', en: 'Hubei' },
  '43': { zh: '湖南省', short: '湖南', en: 'Hunan' },
  '44': { zh: '广东省', short: '广东', en: 'Guangdong' },
  '50': { zh: '重庆市', short: '重庆', en: 'Chongqing' },
  '51': { zh: '四川省', short: '四川', en: 'Sichuan' },
};

/** Prefecture-level cities by their four-digit code (municipalities have none: their districts sit under the province). */
export const CITIES: Readonly<Record<string, Bilingual & { short: string }>> = {
  '3205': { zh: '苏州市', short: '苏州', en: 'Suzhou' },
  '3301': { zh: '杭州市', short: '杭州', en: 'Hangzhou' },
  '3302': { zh: '宁波市', short: '宁波', en: 'Ningbo' },
  '3303': { zh: '温州市', short: '温州', en: 'Wenzhou' },
  '3306': { zh: '绍兴市', short: '绍兴', en: 'Shaoxing' },
  '4403': { zh: '深圳市', short: '深圳', en: 'Shenzhen' },
  '5101': { zh: '成都市', short: '成都', en: 'Chengdu' },
};

/** County-level divisions (districts) by their six-digit code. */
export const DISTRICTS: Readonly<Record<string, Bilingual>> = {
  '110108': { zh: '海淀区', en: 'Haidian District' },
  '310101': { zh: '黄浦区', en: 'Huangpu District' },
  '310104': { zh: '徐汇区', en: 'Xuhui District' },
  '310105': { zh: '长宁区', en: 'Changning District' },
  '310106': { zh: '静安区', en: "Jing'an District" },
  '310107': { zh: '普陀区', en: 'Putuo District' },
  '310109': { zh: '虹口区', en: 'Hongkou District' },
  '310110': { zh: '杨浦区', en: 'Yangpu District' },
  '310112': { zh: '闵行区', en: 'Minhang District' },
  '310113': { zh: '宝山区', en: 'Baoshan District' },
  '310114': { zh: '嘉定区', en: 'Jiading District' },
  '310115': { zh: '浦东新区', en: 'Pudong New Area' },
  '310116': { zh: '金山区', en: 'Jinshan District' },
  '310117': { zh: '松江区', en: 'Songjiang District' },
  '310118': { zh: '青浦区', en: 'Qingpu District' },
  '310120': { zh: '奉贤区', en: 'Fengxian District' },
  '310151': { zh: '崇明区', en: 'Chongming District' },
  '320505': { zh: '虎丘区', en: 'Huqiu District' },
  '330102': { zh: '上城区', en: 'Shangcheng District' },
  '330105': { zh: '拱墅区', en: 'Gongshu District' },
  '330106': { zh: '西湖区', en: 'Xihu District' },
  '330108': { zh: '滨江区', en: 'Binjiang District' },
  '330109': { zh: '萧山区', en: 'Xiaoshan District' },
  '330110': { zh: '余杭区', en: 'Yuhang District' },
  '330212': { zh: '鄞州区', en: 'Yinzhou District' },
  '330302': { zh: '鹿城区', en: 'Lucheng District' },
  '330602': { zh: '越城区', en: 'Yuecheng District' },
  '440305': { zh: '南山区', en: 'Nanshan District' },
  '510107': { zh: '武侯区', en: 'Wuhou District' },
};

type Lang = 'zh' | 'en';

/**
 * The full name of a division code: "上海市浦东新区", "浙江省杭州市西湖区" / "Xihu District, Hangzhou,
 * Zhejiang". The levels that are known are named; null when not even the province is.
 */
export function regionName(code: string, lang: Lang = 'zh'): string | null {
  const province = PROVINCES[code.slice(0, 2)];
  if (!province) return null;
  const parts = [province, CITIES[code.slice(0, 4)], DISTRICTS[code.slice(0, 6)]].filter(
    (p): p is Bilingual => p !== undefined,
  );
  return lang === 'en'
    ? parts
        .map((p) => p.en)
        .reverse()
        .join(', ')
    : parts.map((p) => p.zh).join('');
}

/** "上海市浦东新区（310115）" — the name with its code (the code alone when unknown). */
export function regionLabel(code: string, lang: Lang = 'zh'): string {
  const name = regionName(code, lang);
  if (!name) return code;
  return lang === 'en' ? `${name} (${code})` : `${name}（${code}）`;
}
