import { SANDIAO, YDYH2023, fileKcxs, findCode, isCultivated } from '../../dictionaries/land-classes.js'
import type { IssueSeverity } from '../import.types.js'

/** A survey feature's attributes, looked up by standard name (case-insensitive, either generation). */
export interface SurveyRecord {
  text(...names: string[]): string
  number(...names: string[]): number
  has(...names: string[]): boolean
  area: number | null
}

/** One R9 rule: a check that returns a message for a feature that breaks it, or null. */
export interface SurveyRule {
  id: string
  title: string
  severity: IssueSeverity
  /** Fields the rule needs; it is skipped (with a note) when the layer lacks any of these groups. */
  needs: string[][]
  check(r: SurveyRecord, tolerance: number): string | null
}

const LINEAR = new Set(['1001', '1002', '1003', '1004', '1006', '1009', '1101', '1107', '1107A'])
const RESTORABLE = new Set(['0201', '0202', '0203', '0204', '0301', '0302', '0305', '0307', '0403K', '0404', '1104', '1104K', '1104A'])
const ZZSX = ['ZZSXDM', 'GDZZSXDM']
const WIDTH = ['XZDWKD', 'XXTBKD']
const blankOrZero = (r: SurveyRecord, name: string) => r.text(name) === '' || r.number(name) === 0
const fmt = (n: number) => (Math.round(n * 100) / 100).toString()

function dlmcMatches(dlbm: string, dlmc: string): boolean | undefined {
  const names = [SANDIAO, YDYH2023].map((d) => findCode(d, dlbm)?.name_zh).filter((n): n is string => !!n)
  return names.length === 0 ? undefined : names.includes(dlmc)
}

/** DOMAIN.md R9, one rule per bullet that can be checked feature by feature. */
export const SURVEY_RULES: SurveyRule[] = [
  {
    id: 'R9.1', title: 'DLBM and DLMC agree', severity: 'warning', needs: [['DLBM'], ['DLMC']],
    check(r) {
      const ok = dlmcMatches(r.text('DLBM'), r.text('DLMC'))
      if (ok === undefined) return `DLBM "${r.text('DLBM')}" is not a code of the 三调 or 2023 land classification.`
      return ok ? null : `DLMC "${r.text('DLMC')}" is not the name of DLBM ${r.text('DLBM')}.`
    },
  },
  {
    id: 'R9.2', title: '耕地 has GDPDJB and ZZSXDM', severity: 'warning', needs: [['DLBM'], ['GDPDJB'], ZZSX],
    check: (r) => (isCultivated(r.text('DLBM')) && (r.text('GDPDJB') === '' || r.text(...ZZSX) === '') ? `耕地 ${r.text('DLBM')} lacks ${r.text('GDPDJB') === '' ? 'GDPDJB' : 'ZZSXDM'}.` : null),
  },
  {
    id: 'R9.3', title: 'Sloped 耕地 (GDPDJB > 1) has GDLX PD/TT, KCDLBM 1203 and the KCXS of its county', severity: 'warning', needs: [['DLBM'], ['GDPDJB'], ['GDLX'], ['KCXS']],
    check(r) {
      if (!isCultivated(r.text('DLBM')) || !(r.number('GDPDJB') > 1)) return null
      if (!['PD', 'TT'].includes(r.text('GDLX').toUpperCase())) return `GDPDJB ${r.text('GDPDJB')} needs GDLX PD or TT, not "${r.text('GDLX')}".`
      if (r.has('KCDLBM') && r.text('KCDLBM') !== '1203') return `KCDLBM is "${r.text('KCDLBM')}", not 1203 (田坎).`
      const expected = fileKcxs(r.text('GDLX'), r.text('GDPDJB'), r.text('ZLDWDM'))
      return expected !== null && Math.abs(r.number('KCXS') - expected) > 1e-4 ? `KCXS ${r.text('KCXS')} differs from the configured coefficient ${expected}.` : null
    },
  },
  {
    id: 'R9.4', title: 'Land other than 耕地 has no GDLX, GDPDJB, KCXS or KCMJ', severity: 'warning', needs: [['DLBM'], ['GDPDJB'], ['KCXS']],
    check(r) {
      if (isCultivated(r.text('DLBM'))) return null
      const set = ['GDLX', 'GDPDJB', 'KCXS', 'KCMJ'].filter((f) => r.has(f) && !blankOrZero(r, f))
      return set.length ? `${r.text('DLBM')} is not 耕地 but has ${set.join(', ')}.` : null
    },
  },
  {
    id: 'R9.5', title: 'XZDWKD only on linear classes', severity: 'warning', needs: [['DLBM'], WIDTH],
    check: (r) => (!LINEAR.has(r.text('DLBM')) && !(r.number(...WIDTH) === 0 || r.text(...WIDTH) === '') ? `${r.text('DLBM')} is not a linear class but has a width ${r.text(...WIDTH)}.` : null),
  },
  {
    id: 'R9.6', title: 'JKHF/GCHF only on restorable classes', severity: 'warning', needs: [['DLBM'], ZZSX],
    check(r) {
      const zz = r.text(...ZZSX).toUpperCase(), dlbm = r.text('DLBM')
      return (zz === 'JKHF' || zz === 'GCHF') && !RESTORABLE.has(dlbm) && !/K$/.test(dlbm) ? `${zz} is not allowed on ${dlbm}.` : null
    },
  },
  {
    id: 'R9.7', title: 'FRDBS marks 飞入地', severity: 'warning', needs: [['FRDBS'], ['ZLDWDM'], ['QSDWDM'], ['QSXZ']],
    check(r) {
      const flying = r.text('ZLDWDM').slice(0, 12) !== r.text('QSDWDM').slice(0, 12) && !/^[12]/.test(r.text('QSXZ'))
      const expected = flying ? '1' : '0'
      return r.text('FRDBS') === expected ? null : `FRDBS is "${r.text('FRDBS')}" but should be ${expected}.`
    },
  },
  {
    id: 'R9.8', title: 'TBDLMJ = TBMJ − KCMJ', severity: 'warning', needs: [['TBDLMJ'], ['TBMJ'], ['KCMJ']],
    check(r) {
      const deductions = ['KCMJ', 'XZDWMJ', 'LXDWMJ'].reduce((s, f) => s + (r.has(f) ? r.number(f) || 0 : 0), 0)
      const expected = r.number('TBMJ') - deductions
      return Math.abs(r.number('TBDLMJ') - expected) > 0.011 ? `TBDLMJ ${r.text('TBDLMJ')} ≠ TBMJ − deductions = ${fmt(expected)}.` : null
    },
  },
  {
    id: 'R9.9', title: 'TBMJ is the official ellipsoidal area', severity: 'warning', needs: [['TBMJ']],
    check(r, tolerance) {
      if (r.area === null || r.text('TBMJ') === '') return null
      const diff = r.number('TBMJ') - r.area
      return Math.abs(diff) > tolerance ? `TBMJ ${r.text('TBMJ')} m² differs from the official ellipsoidal area ${fmt(r.area)} m² by ${fmt(diff)} m².` : null
    },
  },
]
