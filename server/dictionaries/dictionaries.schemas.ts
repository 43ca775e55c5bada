/** JSON schemas of the /api/dictionaries routes (requests are validated, responses serialised by them). */

const nullableString = { type: ['string', 'null'] } as const
const bilingual = { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } } as const

const dictionarySummary = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    title: bilingual,
    kind: { type: 'string', enum: ['land_class', 'attribute'] },
    fields: { type: 'array', items: { type: 'string' } },
    source: nullableString,
    note: nullableString,
    count: { type: 'integer' },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
} as const

const codeProperties = {
  code: { type: 'string' },
  name: bilingual,
  level: { type: 'integer' },
  parent: nullableString,
  group: nullableString,
  groups: { type: 'array', items: { type: 'string' } },
  sandalei: nullableString,
  kind: { type: 'string' },
  base: nullableString,
  aliases: { type: 'array', items: { type: 'string' } },
  note: nullableString,
  unconfirmed: { type: 'boolean' },
  extra: { type: 'object', additionalProperties: true },
} as const

const crosswalkEntry = {
  type: 'object',
  properties: {
    code: { type: 'string' },
    name: bilingual,
    level: { type: 'integer' },
    kind: { type: 'string' },
    target: nullableString,
    oneToOne: { type: 'boolean' },
    links: {
      type: 'array',
      items: {
        type: 'object',
        properties: { to: { type: 'string' }, name: bilingual, relation: { type: 'string' }, exact: { type: 'boolean' }, note: nullableString },
      },
    },
  },
} as const

const idParam = { type: 'string', minLength: 1, maxLength: 40 } as const

export const listSchema = {
  response: { 200: { type: 'object', properties: { dictionaries: { type: 'array', items: dictionarySummary } } } },
} as const

export const detailSchema = {
  params: { type: 'object', properties: { id: idParam }, required: ['id'] },
  querystring: {
    type: 'object',
    properties: { group: { type: 'string', minLength: 1, maxLength: 20 }, level: { type: 'integer', minimum: 1, maximum: 3 } },
  },
  response: {
    200: {
      type: 'object',
      properties: {
        ...dictionarySummary.properties,
        filter: { type: 'object', properties: { group: nullableString, level: { type: ['integer', 'null'] } } },
        codes: { type: 'array', items: { type: 'object', properties: codeProperties } },
      },
    },
  },
} as const

export const codeSchema = {
  params: { type: 'object', properties: { id: idParam, code: { type: 'string', minLength: 1, maxLength: 20 } }, required: ['id', 'code'] },
  response: {
    200: {
      type: 'object',
      properties: {
        dictionary: { type: 'string' },
        ...codeProperties,
        children: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: bilingual, level: { type: 'integer' } } } },
        crosswalk: { type: 'array', items: { type: 'object', properties: { to: { type: 'string' }, ...crosswalkEntry.properties } } },
      },
    },
  },
} as const

export const crosswalkSchema = {
  querystring: {
    type: 'object',
    properties: {
      from: { ...idParam, default: 'sandiao' },
      to: { ...idParam, default: 'ydyh2023' },
      code: { type: 'string', minLength: 1, maxLength: 20 },
    },
  },
  response: {
    200: {
      type: 'object',
      properties: { from: { type: 'string' }, to: { type: 'string' }, count: { type: 'integer' }, entries: { type: 'array', items: crosswalkEntry } },
    },
  },
} as const

export const kcxsSchema = {
  querystring: {
    type: 'object',
    // A county code, or any longer code that starts with one (ZLDWDM, 19 digits).
    properties: { region: { type: 'string', pattern: '^[0-9]{2,19}$' } },
  },
  response: {
    200: {
      type: 'object',
      properties: {
        region: nullableString,
        illustrative: { type: 'boolean' },
        note: nullableString,
        entries: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              region: { type: 'string' }, gdlx: { type: 'string' }, gdpdjb: { type: 'integer' }, kcxs: { type: 'number' },
              source: { type: 'string' }, illustrative: { type: 'boolean' }, managed: { type: 'boolean' },
            },
          },
        },
      },
    },
  },
} as const
