/** Invented Chinese place and person names for the demo, drawn deterministically. */
import type { Rng } from './random.js'

const FIRST = '金银丰宁兴河东西南北新永安和平盛泉沙滩湖庄堡台桥渠坝湾园塘营寨屯岗梁川原林通贵乐福康裕德华明清光远兰星春景红胜利双长高'
const SECOND = '丰宁兴河庄堡台桥渠坝湾园塘营寨屯岗梁川源泉湖滩沟口庙井城集寺洼坪旗湾村埠洲'
const SURNAMES = '马王李张刘杨赵陈周吴孙黄丁海田郭何罗高苏冯纳金白'
const GIVEN = '建国军华明芳秀英志强德文玉兰海涛春梅永福国庆学军红霞小平伟忠晓燕金花'
const COMPANY_WORDS = ['塞上', '贺兰', '凤凰', '西部', '朔方', '黄河', '银湖', '宁夏', '丝路', '枸杞', '葡萄', '新华']
const COMPANY_TRADES = ['实业', '置业', '农业科技', '商贸', '建材', '物流', '酒庄', '食品', '新材料', '能源']

/** Draws two-character names that are unique within this generator. */
export class NameMaker {
  private readonly used = new Set<string>()
  constructor(private readonly rng: Rng) {}

  /** A fresh two-character stem such as 金渠 (tries hard, then accepts a three-character stem). */
  stem(): string {
    for (let i = 0; i < 200; i++) {
      const s = this.rng.pick([...FIRST]) + this.rng.pick([...SECOND])
      if (!this.used.has(s) && s[0] !== s[1]) {
        this.used.add(s)
        return s
      }
    }
    const s = this.rng.pick([...FIRST]) + this.rng.pick([...FIRST]) + this.rng.pick([...SECOND])
    this.used.add(s)
    return s
  }
}

/** A person's name such as 马建国. */
export function personName(rng: Rng): string {
  const given = rng.chance(0.5) ? rng.pick([...GIVEN]) : rng.pick([...GIVEN]) + rng.pick([...GIVEN])
  return rng.pick([...SURNAMES]) + given
}

/** A company name such as 宁夏塞上实业有限公司. */
export function companyName(rng: Rng): string {
  return `宁夏${rng.pick(COMPANY_WORDS)}${rng.pick(COMPANY_TRADES)}有限公司`
}
