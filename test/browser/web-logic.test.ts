// The web client's pure logic, run in Node: label placement, style building, grouping, language choice.
import { describe, expect, it } from 'vitest'
import type { CatalogLayer } from '../../web/src/catalog.types.js'
import { preferredLanguage } from '../../web/src/i18n.js'
import { defaultVisibleIds, groupLayers } from '../../web/src/layer-groups.js'
import { drawOrder, labelLayerSpec, mainLayerSpec, opacityPaint, scaledOpacity, sourceSpec, styleType } from '../../web/src/layer-style.js'
import { labelPoint, polygonContains } from '../../web/src/label-points.js'

function layer(id: string, group: string, geometryType: string, extra: Partial<CatalogLayer> = {}): CatalogLayer {
  return {
    id, group, geometryType, title: { zh: id, en: id }, kind: 'base', series: null, year: null, tier: 'public', minZoom: 0,
    attributes: [], style: {}, extent: null, featureCount: 1, links: { tilejson: `/tiles/${id}.json` }, ...extra,
  }
}

describe('label points for areas cut into tile pieces', () => {
  const square = (x0: number, y0: number, size: number) => [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]]

  it('puts the label at the centre of the joint bounding box when the pieces cover it', () => {
    // One 2×1 area delivered as two tiles' pieces.
    expect(labelPoint([square(0, 0, 1), square(1, 0, 1)])).toEqual([1, 0.5])
  })

  it('moves the label inside a U-shaped area whose bounding-box centre is outside', () => {
    const u = [[[0, 0], [3, 0], [3, 3], [2, 3], [2, 1], [1, 1], [1, 3], [0, 3], [0, 0]]]
    expect(polygonContains(u, 1.5, 1.5)).toBe(false)
    const point = labelPoint([u])!
    expect(polygonContains(u, point[0], point[1])).toBe(true)
  })

  it('respects holes, and gives nothing for no pieces', () => {
    const withHole = [square(0, 0, 4)[0], [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]]]
    expect(polygonContains(withHole, 2, 2)).toBe(false)
    expect(polygonContains(withHole, 0.5, 2)).toBe(true)
    const point = labelPoint([withHole])!
    expect(polygonContains(withHole, point[0], point[1])).toBe(true)
    expect(labelPoint([])).toBeUndefined()
  })
})

describe('map layers from catalog entries', () => {
  const dltb = layer('dltb_2024', 'survey', 'MultiPolygon', { minZoom: 10, style: { type: 'fill', paint: { 'fill-color': '#f00', 'fill-opacity': 0.8 } } })
  const county = layer('xzq_xian', 'admin', 'MultiPolygon', {
    style: { type: 'line', paint: { 'line-color': '#505' } },
    attributes: [{ name: 'XZQDM', type: 'text' }, { name: 'XZQMC', type: 'text' }],
  })
  const roads = layer('base_roads', 'base', 'MultiLineString')
  const towns = layer('base_settlements', 'base', 'Point', { attributes: [{ name: 'NAME', type: 'text' }], style: { type: 'circle', paint: { 'circle-radius': ['match', ['get', 'KIND'], '城市', 8, 3] } } })

  it('uses the catalog id as layer id and source-layer, the absolute TileJSON URL, and the catalog minZoom', () => {
    expect(sourceSpec(dltb, 'http://127.0.0.1:3000')).toEqual({ type: 'vector', url: 'http://127.0.0.1:3000/tiles/dltb_2024.json' })
    expect(mainLayerSpec(dltb, false)).toMatchObject({ id: 'dltb_2024', 'source-layer': 'dltb_2024', type: 'fill', minzoom: 10, layout: { visibility: 'none' } })
  })

  it('falls back to a plain style for the geometry when the catalog has none', () => {
    expect(styleType(roads)).toBe('line')
    expect(mainLayerSpec(roads, true)).toMatchObject({ type: 'line', paint: { 'line-color': expect.any(String) } })
  })

  it('labels an area drawn as outlines from its one-point-per-area source, and a point layer from its tiles', () => {
    expect(labelLayerSpec(county, true, 0)).toMatchObject({ source: 'xzq_xian--label-points', layout: { 'symbol-placement': 'point', 'text-field': ['to-string', ['get', 'XZQMC']] } })
    expect(labelLayerSpec(towns, true, 0)).toMatchObject({ source: 'base_settlements', 'source-layer': 'base_settlements', layout: { 'symbol-sort-key': ['-', 0, ['match', ['get', 'KIND'], '城市', 8, 3]] } })
    expect(labelLayerSpec(dltb, true, 0)).toBeNull()
  })

  it('draws areas under lines under points, land use under administrative boundaries', () => {
    expect(drawOrder([towns, county, roads, dltb]).map((l) => l.id)).toEqual(['dltb_2024', 'base_roads', 'xzq_xian', 'base_settlements'])
  })

  it('scales the catalog opacity, and replaces zoom curves it cannot multiply', () => {
    expect(opacityPaint('fill', { 'fill-opacity': 0.8 }, 0.5)).toEqual([['fill-opacity', 0.4]])
    expect(opacityPaint('circle', {}, 0.5)).toEqual([['circle-opacity', 0.5], ['circle-stroke-opacity', 0.5]])
    expect(scaledOpacity(['get', 'o'], 0.5)).toEqual(['*', 0.5, ['get', 'o']])
    expect(scaledOpacity(['interpolate', ['linear'], ['zoom'], 5, 0, 10, 1], 0.5)).toBe(0.5)
  })
})

describe('layer tree', () => {
  const layers = [
    layer('base_roads', 'base', 'LineString'), layer('dltb_2023', 'survey', 'Polygon', { series: 'dltb', year: 2023 }),
    layer('dltb_2024', 'survey', 'Polygon', { series: 'dltb', year: 2024 }), layer('lcxz_2024', 'survey', 'Polygon', { series: 'lcxz', year: 2024 }),
    layer('xzq_xian', 'admin', 'Polygon'), layer('yjjbnt', 'control', 'Polygon'), layer('zd', 'rights', 'Polygon'), layer('x', 'custom', 'Point'),
  ]

  it('orders groups admin, survey, control, rights, …, base, then unknown ones', () => {
    expect(groupLayers(layers).map((g) => g.id)).toEqual(['admin', 'survey', 'control', 'rights', 'base', 'custom'])
  })

  it('shows base, admin, control lines and the latest year of the first survey series by default', () => {
    expect([...defaultVisibleIds(layers)].sort()).toEqual(['base_roads', 'dltb_2024', 'xzq_xian', 'yjjbnt'])
  })
})

describe('first language', () => {
  it('is Chinese for a browser whose first language is Chinese, English otherwise', () => {
    expect(preferredLanguage(['zh-CN', 'en'])).toBe('zh')
    expect(preferredLanguage(['zh-TW'])).toBe('zh')
    expect(preferredLanguage(['en-US', 'zh-CN'])).toBe('en')
    expect(preferredLanguage([])).toBe('en')
  })
})
