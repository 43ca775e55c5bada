import type { LayerEntry } from '../catalog/catalog.types.js'
import { CRS84_URI, STORAGE_CRS, SUPPORTED_CRS } from '../crs/crs.js'
import { link, MEDIA, selfAndAlternate, withFormat, type Link } from './links.js'
import type { OgcFormat } from './ogc-request.js'
import type { TemporalInterval } from './temporal-extent.js'

/** Service title, in Chinese first: the department's users read Chinese. */
export const SERVICE_TITLE = 'OneMap 国土空间一张图 — OGC API Features'
const SERVICE_DESCRIPTION = '国土空间基础信息平台的矢量图层（CGCS2000 存储），按 OGC API – Features 第 1、2、3 部分发布。Layers of the territorial spatial planning platform, stored in CGCS2000, served as OGC API Features (Parts 1, 2 and 3).'

/** Every CRS a collection can be output in, CRS84 first as Part 1 requires. */
export const CRS_URIS = SUPPORTED_CRS.map((c) => c.uri)

/** GET /ogc: title, description and the links a client starts from. */
export function landingPage(root: string, format: OgcFormat) {
  return {
    title: SERVICE_TITLE,
    description: SERVICE_DESCRIPTION,
    links: [
      ...selfAndAlternate(root, format, MEDIA.json, 'this landing page'),
      link(`${root}/api`, 'service-desc', MEDIA.openapi, 'the API definition (OpenAPI 3.0, JSON)'),
      link(withFormat(`${root}/api`, 'html'), 'service-doc', MEDIA.html, 'the API documentation (HTML)'),
      link(`${root}/conformance`, 'conformance', MEDIA.json, 'conformance classes implemented by this server'),
      link(`${root}/collections`, 'data', MEDIA.json, 'the collections (layers)'),
    ],
  }
}

/** GET /ogc/conformance. */
export function conformanceDocument(root: string, format: OgcFormat, classes: string[]) {
  return { links: selfAndAlternate(`${root}/conformance`, format, MEDIA.json, 'the conformance declaration'), conformsTo: classes }
}

function collectionLinks(root: string, layer: LayerEntry, format: OgcFormat): Link[] {
  const href = `${root}/collections/${layer.id}`
  return [
    ...selfAndAlternate(href, format, MEDIA.json, 'this collection'),
    link(`${href}/items`, 'items', MEDIA.geojson, `${layer.title_zh} (GeoJSON)`),
    link(withFormat(`${href}/items`, 'html'), 'items', MEDIA.html, `${layer.title_zh} (HTML)`),
    link(`${href}/queryables`, 'http://www.opengis.net/def/rel/ogc/1.0/queryables', MEDIA.schema, 'queryable properties'),
  ]
}

function extentOf(layer: LayerEntry, temporal: TemporalInterval | undefined) {
  const extent: Record<string, unknown> = {}
  // CGCS2000 and WGS 84 agree to a few centimetres, so the stored extent serves as the CRS84 box.
  if (layer.extent) extent.spatial = { bbox: [layer.extent], crs: CRS84_URI }
  if (temporal) extent.temporal = { interval: [temporal], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' }
  return extent
}

/**
 * One collection (a catalog layer) as OGC API Features describes it. In /collections the entries
 * carry the links of the JSON document, so each is identical to GET /collections/{id}.
 */
export function collectionDocument(root: string, layer: LayerEntry, format: OgcFormat, temporal: TemporalInterval | undefined) {
  return {
    id: layer.id,
    title: layer.title_zh,
    description: [layer.title_en, layer.description].filter(Boolean).join(' — '),
    itemType: 'feature',
    extent: extentOf(layer, temporal),
    crs: CRS_URIS,
    storageCrs: STORAGE_CRS.uri,
    links: collectionLinks(root, layer, format),
  }
}

/** GET /ogc/collections: the collections plus the CRS list they share. */
export function collectionsDocument(root: string, format: OgcFormat, collections: ReturnType<typeof collectionDocument>[]) {
  return {
    links: selfAndAlternate(`${root}/collections`, format, MEDIA.json, 'the collections'),
    crs: CRS_URIS,
    collections,
  }
}
